import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// `POST /admin/disputes/{id}/party-erasure`: parties read back as given until an admin
/// erases them, and as erased afterwards.
@Suite(.database)
struct PartyErasureRoutesTests {
    @Test func anAdminErasesAPartyAndEveryReadShowsItErased() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let supervisor = try await fixture.token(.supervisor)
        let (admin, station, community) = (fixture.admin, fixture.station, fixture.community)
        let id = UUID().uuidString.lowercased()
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: clerk, body: [
                "disputeId": id, "stationId": station, "communityId": community, "category": "family",
                "discoveredVia": "walk_in", "parties": [["name": "Wang Fang", "phone": "13800000000"], ["name": "Li Lei"]],
                "occurredAt": "2024-04-01T09:00:00Z",
            ], status: .created)
            let read = try await client.expect(.get, "/disputes/\(id)?history=true", token: supervisor, status: .ok)
            let history = read["history"] as? [[String: Any]] ?? []
            let parties = (history.first?["data"] as? [String: Any])?["parties"] as? [[String: Any]] ?? []
            #expect(parties.map { $0["name"] as? String } == ["Wang Fang", "Li Lei"])
            #expect(parties.first?["phone"] as? String == "13800000000")

            let path = "/admin/disputes/\(id)/party-erasure"
            try await client.expect(.post, path, token: clerk, body: ["reason": "asked"], status: .forbidden)
            try await client.expect(.post, path, token: supervisor, body: ["reason": "asked"], status: .forbidden)
            try await client.expect(.post, path, token: admin, body: ["partyIndexes": [-1], "reason": "asked"], status: .badRequest)
            try await client.expect(.post, path, token: admin, body: ["reason": "asked", "extra": 1], status: .badRequest)
            try await client.expect(.post, path, token: admin, body: ["partyIndexes": [14_924_935_390_173], "reason": "asked"],
                                    status: .unprocessableContent)
            try await client.expect(.post, path, token: admin, body: ["reason": "asked\u{0}"], status: .badRequest)
            try await client.expect(.post, "/admin/disputes/\(UUID().uuidString)/party-erasure", token: admin,
                                    body: ["reason": "asked"], status: .notFound)
            let erased = try await client.expect(.post, path, token: admin, body: ["partyIndexes": [0], "reason": "asked"], status: .created)
            #expect(erased["partyIndexes"] as? [Int] == [0])
            #expect(erased["streamVersion"] as? Int == 2)
            try await client.expect(.post, path, token: admin, body: ["partyIndexes": [0], "reason": "again"], status: .conflict)

            let after = try await client.expect(.get, "/disputes/\(id)?history=true", token: clerk, status: .ok)
            #expect(after["status"] as? String == "logged")
            let entries = after["history"] as? [[String: Any]] ?? []
            let shown = (entries.first?["data"] as? [String: Any])?["parties"] as? [[String: Any]] ?? []
            #expect(shown.count == 2)
            #expect(shown.first?["erased"] as? Bool == true && shown.first?["name"] == nil)
            #expect(shown.last?["name"] as? String == "Li Lei")
            #expect(entries.last?["type"] as? String == "PartyDataErased")
            #expect((entries.last?["data"] as? [String: Any])?["partyIndexes"] as? [Int] == [0])
        }
    }
}
