import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Projections
import Testing
import TestSupport

@testable import app

/// The bundled example (docs/examples/dispatch-shapes.ndjson: a month of one station's
/// alerts in every shape of real dispatch data) imported through `POST /import`: the
/// answer and every statistic equal what docs/examples/make_dispatch_shapes.py computed
/// from the generated times, live and after a replay.
@Suite(.database)
struct ImportExampleTests {
    static let examples = TestDatabase.projectRoot.appendingPathComponent("docs/examples")

    @Test func theExampleImportsAndAnswersAsComputedIndependently() async throws {
        let fixture = try await AppFixture.make()
        let file = try Data(contentsOf: Self.examples.appendingPathComponent("dispatch-shapes.ndjson"))
        let expectedFile = try Data(contentsOf: Self.examples.appendingPathComponent("dispatch-shapes.expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedFile) as? [String: Any])
        let imported = try #require(expected["import"] as? [String: Any])
        let query = try #require(expected["query"] as? [String: String])
        let accepted = imported["accepted"] as? Int
        let duplicates = imported["duplicates"] as? Int
        let expectedRejected = (imported["rejected"] as? [[String: Any]] ?? []).map { [$0["line"] as? Int, $0["status"] as? Int] }
        let base = "/stats/alerts?from=\(query["from"] ?? "")&to=\(query["to"] ?? "")&stationId=\(query["stationId"] ?? "")"
        let admin = fixture.admin
        try await fixture.test { client in
            let answer = try await client.execute(
                uri: "/import", method: .post, headers: [.contentType: "application/x-ndjson", .authorization: "Bearer \(admin)"],
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .ok)
                return (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
            }
            #expect(answer["accepted"] as? Int == accepted)
            #expect(answer["duplicates"] as? Int == duplicates)
            let rejected = (answer["rejected"] as? [[String: Any]] ?? []).map { [$0["line"] as? Int, $0["status"] as? Int] }
            #expect(rejected == expectedRejected)
        }
        try await fixture.catchUp()
        try await checkStatistics(fixture, base: base, expected: expectedFile)
        try await Replayer(pool: fixture.database.pool, logger: Logger(label: "test")).replay(.alerts)
        try await checkStatistics(fixture, base: base, expected: expectedFile)
    }

    /// Asks for the figures the expected file holds and compares them.
    private func checkStatistics(_ fixture: AppFixture, base: String, expected file: Data) async throws {
        let admin = fixture.admin
        try await fixture.test { client in
            let expected = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
            let plain = try await client.expect(.get, base, token: admin, status: .ok)
            #expect(plain["definitionsVersion"] as? Int == 2)
            try Self.compare(plain["totals"], expected["totals"], "totals")
            let officers = try await client.expect(.get, base + "&includeOfficerInitiated=true", token: admin, status: .ok)
            try Self.compare(officers["totals"], expected["totalsIncludingOfficerInitiated"], "includeOfficerInitiated")
            for (key, name) in [("priority", "receivedByPriority"), ("channel", "receivedByChannel")] {
                let grouped = try await client.expect(.get, base + "&groupBy=\(key)", token: admin, status: .ok)
                var received: [String: Int] = [:]
                for row in grouped["rows"] as? [[String: Any]] ?? [] {
                    let value = row[key] as? String
                    received[value.map { "\"\($0)\"" } ?? "null"] = row["received"] as? Int
                }
                #expect(received == expected[name] as? [String: Int], "groupBy \(key)")
            }
        }
    }

    /// Every field of `expected` (nested objects field by field) equals the answer's.
    private static func compare(_ actual: Any?, _ expected: Any?, _ path: String) throws {
        let answer = try #require(actual as? [String: Any], "\(path) is missing")
        for (field, value) in try #require(expected as? [String: Any]) {
            switch value {
            case let nested as [String: Any]:
                try compare(answer[field], nested, "\(path).\(field)")
            case is NSNull:
                #expect(answer[field] is NSNull, "\(path).\(field)")
            case let number as NSNumber:
                let got = try #require(answer[field] as? NSNumber, "\(path).\(field) is missing")
                #expect(abs(got.doubleValue - number.doubleValue) <= 1e-9 * max(1, abs(number.doubleValue)), "\(path).\(field): \(got) ≠ \(number)")
            default:
                Issue.record("\(path).\(field): unexpected expected value \(value)")
            }
        }
    }
}
