import Events
import Foundation
@testable import Projections
import TestSupport
import Testing

/// A projection whose served tables an earlier release made (here: a column of today's
/// alert table missing) is named as outdated, and a replay makes it current with the
/// same figures as a projection built from scratch.
@Suite(.database, .serialized) struct OutdatedProjectionTests {
    @Test func aProjectionMissingAColumnIsOutdatedUntilReplayed() async throws {
        let f = try Fixture()
        try await f.station("old")
        let received = AlertReceived(alertId: UUID(), stationId: "old", channel: .phone110, category: .criminal)
        let stream = StreamKind.alertStreamId(received.alertId)
        try await f.append(.alertReceived(received), at: "2024-03-01T08:00:00+08:00", station: "old")
        try await f.append(.unitDispatched(UnitDispatched(unitId: "u1")), at: "2024-03-01T08:01:00+08:00", stream: stream, station: "old")
        try await f.append(.unitEnRoute(UnitEnRoute(unitId: "u1")), at: "2024-03-01T08:02:00+08:00", stream: stream, station: "old")
        try await f.catchUp()
        let replayer = Replayer(pool: f.database.pool, logger: f.logger)
        #expect(try await replayer.outdatedProjections() == [])

        try await f.database.pool.withConnection { connection in
            let version: Int = try #require(try await connection.query(
                "select version from projections.versions where projection = 'alerts' and state = 'active'"
            ).first?.decode("version"))
            try await connection.query("alter table projections.alerts_v\(version) drop column turnout_seconds cascade")
        }
        #expect(try await replayer.outdatedProjections() == [.alerts])

        try await replayer.replay(.alerts)
        #expect(try await replayer.outdatedProjections() == [])
        let filter = try StatsFilter(from: Fixture.date("2024-03-01"), to: Fixture.date("2024-03-31"), stationIds: ["old"])
        let figures = try await f.statistics.alerts(AlertStatsQuery(filter: filter)).totals
        #expect(figures.turnout.count == 1)
        #expect(figures.turnout.p50Seconds == 60)
    }
}
