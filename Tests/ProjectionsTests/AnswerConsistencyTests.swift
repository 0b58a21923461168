import Events
import Foundation
import Projections
import TestSupport
import Synchronization
import Testing

/// Every answer holds every event at or before its own `asOfPosition` (it may hold later
/// ones, which one projection applied before another), while alerts are written, the
/// live projector runs and a replay switches versions underneath.
@Suite(.database, .serialized) struct AnswerConsistencyTests {
    @Test func answersMatchTheirPositionThroughWritesAndReplaySwitches() async throws {
        let f = try Fixture()
        try await f.station("cs")
        try await f.alert("cs", at: "2024-07-01T10:00:00+08:00")
        try await f.catchUp()
        let runner = Task { await Projector(pool: f.database.pool, logger: f.logger, pollInterval: .milliseconds(20)).run() }
        defer { runner.cancel() }
        let writer = Task {
            for minute in 0..<40 {
                try await f.alert("cs", at: "2024-07-01T10:\(String(format: "%02d", minute)):30+08:00")
            }
        }
        let replays = Task {
            for _ in 0..<2 { try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 3).replay(.alerts) }
        }
        let filter = try StatsFilter(from: Fixture.date("2024-07-01"), to: Fixture.date("2024-07-01"), stationIds: ["cs"])
        for _ in 0..<30 {
            let answer = try await f.statistics.alerts(AlertStatsQuery(filter: filter))
            let logged: Int = try await f.database.pool.withConnection { connection in
                try await connection.query(
                    "select count(*) as n from ledger.events where type = 'AlertReceived' and station_id = 'cs' and global_position <= $1",
                    [answer.asOfPosition]
                ).first?.decode("n") ?? -1
            }
            #expect(answer.totals.received >= logged, "at position \(answer.asOfPosition)")
            #expect(answer.totals.received <= 41)
            let compared = try await f.statistics.compare(CompareQuery(
                metric: "alerts.received", period: .custom(from: Fixture.date("2024-07-01"), to: Fixture.date("2024-07-01")),
                stationIds: ["cs"]))
            let atCompare: Int = try await f.database.pool.withConnection { connection in
                try await connection.query(
                    "select count(*) as n from ledger.events where type = 'AlertReceived' and station_id = 'cs' and global_position <= $1",
                    [compared.asOfPosition]
                ).first?.decode("n") ?? -1
            }
            #expect((compared.current ?? -1) >= Double(atCompare), "compare at position \(compared.asOfPosition)")
        }
        try await writer.value
        try await replays.value
    }

    /// A replay that switches and drops the served tables between an answer's snapshot and
    /// its reads: the answer still reads the version of its snapshot (here: asks again in a
    /// new snapshot once that version's tables are gone), never the new tables through the
    /// old snapshot, where they would look empty.
    @Test func aSwitchBetweenSnapshotAndReadsDoesNotEmptyTheAnswer() async throws {
        let f = try Fixture()
        try await f.station("sw")
        for minute in 10..<15 { try await f.alert("sw", at: "2024-08-01T10:\(minute):00+08:00") }
        try await f.catchUp()
        let replayed = Mutex(false)
        let pool = f.database.pool
        let logger = f.logger
        let statistics = Statistics(pool: pool, logger: logger, afterSnapshot: {
            guard replayed.withLock({ done in defer { done = true }; return !done }) else { return }
            try await Replayer(pool: pool, logger: logger).replay(.alerts)
        })
        let answer = try await statistics.alerts(AlertStatsQuery(
            filter: StatsFilter(from: Fixture.date("2024-08-01"), to: Fixture.date("2024-08-01"), stationIds: ["sw"])))
        #expect(replayed.withLock { $0 })
        #expect(answer.totals.received == 5)
    }
}
