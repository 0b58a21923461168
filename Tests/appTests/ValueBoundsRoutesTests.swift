import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

@testable import app

/// Values outside the ledger's bounds are refused when they are entered, with a 422 that
/// names the field (or an import rejection that does), so no stored event can fail a read
/// model's column later.
@Suite(.database)
struct ValueBoundsRoutesTests {
    /// An alert of the fixture's station with a unit on scene; returns its id.
    private func alertOnScene(_ fixture: AppFixture, clerk: String, client: some TestClientProtocol) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await client.expect(.post, "/alerts", token: clerk, body: [
            "alertId": id, "stationId": fixture.station, "channel": "phone_110", "category": "traffic_accident",
            "occurredAt": "2024-06-01T10:00:00Z",
        ], status: .created)
        try await client.expect(.post, "/alerts/\(id)/dispatches", token: clerk,
                                body: ["unitId": "P7", "occurredAt": "2024-06-01T10:02:00Z"], status: .created)
        try await client.expect(.post, "/alerts/\(id)/arrivals", token: clerk,
                                body: ["unitId": "P7", "occurredAt": "2024-06-01T10:09:00Z"], status: .created)
        return id
    }

    /// The field the answer's first `errors` entry names.
    private func field(_ answer: Answer) -> String? {
        (answer["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test func threeBillionDeathsIs422NamingDeathsAndTheUpperBoundIsAccepted() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        try await fixture.test { client in
            let id = try await alertOnScene(fixture, clerk: clerk, client: client)
            let huge = try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "deaths": 3_000_000_000, "occurredAt": "2024-06-01T10:40:00Z",
            ], status: .unprocessableContent)
            #expect(field(huge) == "deaths")
            #expect(huge["detail"] as? String == "deaths must be between 0 and 10000, not 3000000000")
            let injuries = try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "injuries": 10_001, "occurredAt": "2024-06-01T10:40:00Z",
            ], status: .unprocessableContent)
            #expect(field(injuries) == "injuries")
            let negative = try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "deaths": -1, "occurredAt": "2024-06-01T10:40:00Z",
            ], status: .unprocessableContent)
            #expect(field(negative) == "deaths")
            #expect(try await client.expect(.get, "/alerts/\(id)", token: clerk, status: .ok)["status"] as? String == "on_scene")
            try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "deaths": 10_000, "injuries": 10_000, "occurredAt": "2024-06-01T10:40:00Z",
            ], status: .created)
        }
        try await fixture.catchUp()
    }

    @Test func anAmendmentBeyondABoundIs422NamingTheField() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        try await fixture.test { client in
            let id = try await alertOnScene(fixture, clerk: clerk, client: client)
            let cleared = try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "deaths": 1, "occurredAt": "2024-06-01T10:40:00Z",
            ], status: .created)
            let amendment = try await client.expect(.post, "/alerts/\(id)/amendments", token: clerk, body: [
                "targetEventId": cleared["eventId"] as? String ?? "", "changes": ["deaths": 3_000_000_000], "reason": "typo",
            ], status: .unprocessableContent)
            #expect(field(amendment) == "deaths")
            #expect((amendment["detail"] as? String)?.hasSuffix("deaths must be between 0 and 10000, not 3000000000") == true)
        }
    }

    @Test func otherValuesOutOfBoundsAre422NamingTheField() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let station = fixture.station
        try await fixture.test { client in
            let priority = try await client.expect(.post, "/alerts", token: clerk, body: [
                "alertId": UUID().uuidString, "stationId": station, "channel": "phone_110", "category": "fire", "priority": 4,
            ], status: .unprocessableContent)
            #expect(field(priority) == "priority")
            let summary = try await client.expect(.post, "/alerts", token: clerk, body: [
                "alertId": UUID().uuidString, "stationId": station, "channel": "phone_110", "category": "fire",
                "summary": String(repeating: "火", count: 4001),
            ], status: .unprocessableContent)
            #expect(field(summary) == "summary")
            #expect(summary["detail"] as? String == "summary must be at most 4000 characters long, not 4001")
            let community = try await client.expect(.post, "/stations/\(station)/communities", token: fixture.admin, body: [
                "communityId": String(repeating: "c", count: 65), "name": "Wanyuan", "areaClass": "urban",
            ], status: .unprocessableContent)
            #expect(field(community) == "communityId")
            let target = try await client.expect(.post, "/stations", token: fixture.admin, body: [
                "stationId": "st\(UUID().uuidString.prefix(6).lowercased())", "name": "Maqiao", "responseTargetMinutes": 1441,
            ], status: .unprocessableContent)
            #expect(field(target) == "responseTargetMinutes")
        }
    }

    @Test func anImportLineBeyondABoundIsRejectedNamingTheField() async throws {
        let fixture = try await AppFixture.make()
        let alert = UUID().uuidString
        func line(_ type: String, _ data: [String: Any], at time: String) throws -> String {
            let object: [String: Any] = ["type": type, "data": data, "eventId": UUID().uuidString, "occurredAt": time]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let lines = [
            try line("AlertReceived", ["alertId": alert, "stationId": fixture.station, "channel": "patrol", "category": "fire"],
                     at: "2024-06-01T10:00:00Z"),
            try line("UnitDispatched", ["alertId": alert, "unitId": "P7"], at: "2024-06-01T10:02:00Z"),
            try line("AlertCleared", ["alertId": alert, "disposition": "handled", "deaths": 3_000_000_000],
                     at: "2024-06-01T10:40:00Z"),
        ]
        let body = ByteBuffer(string: lines.joined(separator: "\n") + "\n")
        try await fixture.test { client in
            try await client.execute(
                uri: "/import", method: .post,
                headers: [.authorization: "Bearer \(fixture.admin)", .contentType: "application/x-ndjson"], body: body
            ) { response in
                #expect(response.status == .ok)
                let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                #expect(json?["accepted"] as? Int == 2)
                let rejected = json?["rejected"] as? [[String: Any]] ?? []
                #expect(rejected.map { $0["line"] as? Int } == [3])
                #expect(rejected.first?["status"] as? Int == 422)
                #expect(rejected.first?["detail"] as? String == "deaths must be between 0 and 10000, not 3000000000")
            }
        }
        try await fixture.catchUp()
    }
}
