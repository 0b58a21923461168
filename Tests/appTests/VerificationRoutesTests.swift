import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// `GET /admin/verification`: the log's check and the station digests, for admins only.
@Suite(.database)
struct VerificationRoutesTests {
    @Test func anAdminGetsTheDigestsAndTheStreamsWhoseChainBroke() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let supervisor = try await fixture.token(.supervisor)
        let (admin, station, community) = (fixture.admin, fixture.station, fixture.community)
        let id = UUID().uuidString.lowercased()
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: clerk, body: [
                "disputeId": id, "stationId": station, "communityId": community, "category": "land",
                "discoveredVia": "referral_in", "occurredAt": "2024-04-01T09:00:00Z",
            ], status: .created)
            try await client.expect(.get, "/admin/verification", token: supervisor, status: .forbidden)
            try await client.expect(.get, "/admin/verification", token: clerk, status: .forbidden)
            try await client.expect(.get, "/admin/verification?asOfPosition=-1", token: admin, status: .badRequest)
            try await client.expect(.get, "/admin/verification?asOfPosition=x", token: admin, status: .badRequest)

            let sound = try await client.expect(.get, "/admin/verification", token: admin, status: .ok)
            #expect((sound["findings"] as? [Any])?.isEmpty == true)
            let digests = sound["digests"] as? [[String: Any]] ?? []
            let ours = try #require(digests.first { $0["stationId"] as? String == station })
            #expect(ours["streams"] as? Int == 2)
            let position = try #require(sound["asOfPosition"] as? Int)

            try await client.expect(.post, "/disputes/\(id)/mediations", token: clerk,
                                    body: ["mechanism": "joint", "outcome": "no_agreement", "occurredAt": "2024-04-02T09:00:00Z"],
                                    status: .created)
            let same = try await client.expect(.get, "/admin/verification?asOfPosition=\(position)", token: admin, status: .ok)
            #expect((same["digests"] as? [[String: Any]])?.first { $0["stationId"] as? String == station }?["digest"] as? String
                    == ours["digest"] as? String)
        }

        let connection = try await fixture.database.connect()
        try await connection.query("alter table ledger.events disable trigger events_no_update_or_delete")
        try await connection.query("update ledger.events set actor = 'nobody' where stream_id = $1 and stream_version = 1", ["dispute-\(id)"])
        try await connection.query("alter table ledger.events enable trigger events_no_update_or_delete")
        await connection.close()
        try await fixture.test { client in
            let broken = try await client.expect(.get, "/admin/verification", token: admin, status: .ok)
            let findings = broken["findings"] as? [[String: Any]] ?? []
            #expect(findings.map { $0["streamId"] as? String } == ["dispute-\(id)"])
        }
    }
}
