import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestSupport

@testable import app

@Suite(.database)
struct ImportRoutesTests {
    /// One NDJSON line.
    private func line(_ type: String, _ data: [String: Any], at time: String, eventId: UUID = UUID()) throws -> String {
        let object: [String: Any] = ["type": type, "data": data, "eventId": eventId.uuidString, "occurredAt": time]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Posts `lines` as NDJSON and returns the answer, checking its status.
    @discardableResult
    private func post(
        _ lines: [String], token: String?, contentType: String = "application/x-ndjson", status: HTTPResponse.Status,
        to client: some TestClientProtocol, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = ByteBuffer(string: lines.joined(separator: "\n") + "\n")
        return try await client.execute(uri: "/import", method: .post, headers: headers, body: body) { response in
            let data = Data(response.body.readableBytesView)
            #expect(response.status == status, "\(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return Answer(status: response.status, headers: response.headers, json: json)
        }
    }

    private func file(_ fixture: AppFixture, dispute: UUID, mediation: UUID) throws -> [String] {
        let id = dispute.uuidString
        return [
            try line("DisputeLogged", ["disputeId": id, "stationId": fixture.station, "communityId": fixture.community,
                                       "category": "family", "discoveredVia": "walk_in"], at: "2024-03-01T08:00:00+08:00"),
            try line("MediationHeld", ["disputeId": id, "mechanism": "peoples", "outcome": "adjourned"],
                     at: "2024-03-02T08:00:00+08:00", eventId: mediation),
            "{not json",
            try line("MediationHeld", ["disputeId": UUID().uuidString, "mechanism": "peoples", "outcome": "adjourned"],
                     at: "2024-03-02T08:00:00+08:00"),
            try line("MediationHeld", ["disputeId": id, "mechanism": "police", "outcome": "agreement"],
                     at: "2024-03-02T08:00:00+08:00", eventId: mediation),
            try line("DisputeReopened", ["disputeId": id, "cause": "recurrence"], at: "2024-03-03T08:00:00+08:00"),
            try line("DisputeResolved", ["disputeId": id, "method": "mediation", "resolutionLevel": "community"],
                     at: "2024-03-04T08:00:00+08:00"),
        ]
    }

    @Test func anAdminImportsAFileAndGetsTheReportWithLineNumbersAndStatuses() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let dispute = UUID()
        let mediation = UUID()
        let lines = try file(fixture, dispute: dispute, mediation: mediation)
        try await fixture.test { client in
            let answer = try await post(lines, token: fixture.admin, status: .ok, to: client)
            #expect(answer["accepted"] as? Int == 3)
            #expect(answer["duplicates"] as? Int == 0)
            let rejected = answer["rejected"] as? [[String: Any]] ?? []
            try #require(rejected.count == 4)
            #expect(rejected.map { $0["line"] as? Int } == [3, 4, 5, 6])
            #expect(rejected.map { $0["status"] as? Int } == [400, 404, 409, 422])
            #expect(rejected[2]["eventId"] as? String == mediation.uuidString.lowercased())
            #expect(rejected[0]["eventId"] is NSNull)
            #expect(rejected.allSatisfy { ($0["detail"] as? String)?.isEmpty == false })
            #expect((answer["lastPosition"] as? Int ?? 0) > 0)
            let again = try await post(lines, token: fixture.admin, status: .ok, to: client)
            #expect(again["accepted"] as? Int == 0)
            #expect(again["duplicates"] as? Int == 3)
            #expect(again["lastPosition"] as? Int == answer["lastPosition"] as? Int)
            #expect((again["rejected"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3, 4, 5, 6])
        }
        try await fixture.test { client in
            let read = try await client.expect(.get, "/disputes/\(dispute.uuidString.lowercased())?history=true", token: clerk, status: .ok)
            #expect(read["status"] as? String == "resolved")
            #expect(read["streamVersion"] as? Int == 3)
            #expect((read["history"] as? [[String: Any]])?.map { $0["type"] as? String }
                    == ["DisputeLogged", "MediationHeld", "DisputeResolved"])
        }
    }

    @Test func onlyAnAdminMayImport() async throws {
        let fixture = try await AppFixture.make()
        let supervisor = try await fixture.token(.supervisor)
        let lines = try file(fixture, dispute: UUID(), mediation: UUID())
        try await fixture.test { client in
            try await post(lines, token: nil, status: .unauthorized, to: client)
            let answer = try await post(lines, token: supervisor, status: .forbidden, to: client)
            #expect(answer.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func anotherContentTypeIs415() async throws {
        let fixture = try await AppFixture.make()
        let lines = try file(fixture, dispute: UUID(), mediation: UUID())
        try await fixture.test { client in
            try await post(lines, token: fixture.admin, contentType: "application/json", status: .unsupportedMediaType, to: client)
            try await post(lines, token: fixture.admin, contentType: "application/x-ndjson; charset=utf-8", status: .ok, to: client)
        }
    }

    @Test func aBodyDeclaredOver64MiBIs413BeforeAnythingIsRead() async throws {
        let fixture = try await AppFixture.make()
        try await fixture.test { client in
            let headers: HTTPFields = [
                .contentType: "application/x-ndjson", .authorization: "Bearer \(fixture.admin)",
                .contentLength: String(ImportController.maximumBodyBytes + 1),
            ]
            try await client.execute(uri: "/import", method: .post, headers: headers, body: nil) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func aBodyThatGrowsPastTheLimitWhileStreamingIs413() async throws {
        let chunks = AsyncStream<ByteBuffer> { continuation in
            for _ in 0..<5 { continuation.yield(ByteBuffer(repeating: UInt8(ascii: "\n"), count: 4)) }
            continuation.finish()
        }
        var read = 0
        let problem = await #expect(throws: Problem.self) {
            for try await chunk in ByteLimitedBody(base: chunks, limit: 10) { read += chunk.count }
        }
        #expect(problem?.status == .contentTooLarge)
        #expect(read == 8)
    }

    @Test func aBodyPastTheLimitAfterSomeBatchesSaysWhatWasRecorded() async throws {
        let fixture = try await AppFixture.make()
        let dispute = UUID()
        let lines = try file(fixture, dispute: dispute, mediation: UUID())
        let text = lines.joined(separator: "\n") + "\n"
        let firstTwo = lines[0].utf8.count + lines[1].utf8.count + 2
        let chunks = AsyncStream<ByteBuffer> { continuation in
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                continuation.yield(ByteBuffer(string: line + "\n"))
            }
            continuation.finish()
        }
        let importer = Importer(store: fixture.database.store, logger: Logger(label: "test"), batchSize: 1)
        let interrupted = await #expect(throws: ImportInterrupted.self) {
            try await importer.run(ByteLimitedBody(base: chunks, limit: firstTwo + 1), actor: "admin", role: ActorRole.admin)
        }
        #expect(interrupted?.report.accepted == 2)
        let problem = try #require(interrupted.flatMap { Problem($0) })
        #expect(problem.status == .contentTooLarge)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(problem)) as? [String: Any])
        #expect(json["type"] as? String == "urn:ledger:problem:body-too-large")
        #expect(json["accepted"] as? Int == 2)
        #expect(json["duplicates"] as? Int == 0)
        #expect((json["lastPosition"] as? Int ?? 0) > 0)
        #expect(try await fixture.database.store.readStream(StreamKind.disputeStreamId(dispute)).count == 2)
    }
}
