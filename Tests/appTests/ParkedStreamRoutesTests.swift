import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// Its own database: a parked stream shows on `/ready`, which other suites expect clean.
@Suite(.database)
struct ParkedStreamRoutesTests {
    @Test func aParkedStreamIsNamedByAdminReadyAndMetrics() async throws {
        let fixture = try await AppFixture.make()
        let stream = "alert-\(UUID().uuidString.lowercased())"
        let connection = try await fixture.database.connect()
        // Written past every check, as only a superuser could: a payload no release can read.
        try await connection.query(
            """
            insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id)
            values (gen_random_uuid(), $1, 1, 'AlertReceived', '{"alertId": 42}', now(), 'test', $2)
            """, [stream, fixture.station])
        await connection.close()
        try await fixture.catchUp()
        let admin = fixture.admin
        try await fixture.test { client in
            let answer = try await client.expect(.get, "/admin/projections", token: admin, status: .ok)
            let projections = try #require(answer["projections"] as? [[String: Any]])
            let alerts = try #require(projections.first { $0["projection"] as? String == "alerts" })
            let parked = try #require(alerts["parked"] as? [[String: Any]])
            #expect(parked.map { $0["streamId"] as? String } == [stream])
            #expect((parked.first?["error"] as? String)?.contains("AlertReceived") == true)
            #expect(alerts["lag"] as? Int == 0)
            #expect(projections.filter { $0["projection"] as? String != "alerts" }.allSatisfy { ($0["parked"] as? [Any])?.isEmpty == true })

            let ready = try await client.expect(.get, "/ready", token: nil, status: .ok)
            #expect(ready["parkedStreams"] as? Int == 1)
            #expect((ready["detail"] as? String)?.contains("/admin/projections") == true)

            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("ledger_projection_parked_streams"))
        }
    }
}
