import Events
import Foundation
import Projections
import TestSupport
import Testing

/// Lag counts committed events not yet applied, whatever order their transactions commit in.
@Suite(.database, .serialized) struct LagTests {
    @Test func lagAndAsOfPositionUnderOutOfOrderCommits() async throws {
        let f = try Fixture()
        try await f.station("lag")
        try await f.catchUp()
        #expect(try await f.monitor.status().allSatisfy { $0.lag == 0 && $0.firstUnapplied == nil })

        // A transaction takes a position and stays open; a later one commits first.
        let slow = try await f.database.connect()
        try await slow.query("begin")
        let held = UUID()
        let early: Int64 = try await slow.query(
            """
            insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id)
            values ($1::uuid, 'alert-' || $2::text, 1, 'AlertReceived',
                    jsonb_build_object('alertId', $2::text, 'stationId', 'lag', 'channel', 'phone_110', 'category', 'public_order'),
                    '2024-06-01T10:00:00+08:00', 'test', 'lag')
            returning global_position
            """, [held, held.uuidString.lowercased()]).first?.decode("global_position") ?? 0
        try await f.alert("lag", at: "2024-06-01T11:00:00+08:00")
        let late = try await f.database.store.headPosition()
        #expect(late > early)
        try await f.projector.catchUp()
        let waiting = try await f.monitor.status().filter { $0.projection == "alerts" }
        #expect(waiting.map(\.lag) == [1])
        #expect(waiting.map(\.firstUnapplied) == [late])
        let before = try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(
            from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-01"))))
        #expect(before.asOfPosition == late - 1)
        #expect(before.totals.received == 0)

        try await slow.query("commit")
        await slow.close()
        try await f.catchUp()
        let caughtUp = try await f.monitor.status()
        #expect(caughtUp.allSatisfy { $0.lag == 0 && $0.firstUnapplied == nil })
        let after = try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(
            from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-01"))))
        #expect(after.asOfPosition == late)
        #expect(after.totals.received == 2)
    }
}
