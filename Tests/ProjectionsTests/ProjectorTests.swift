import Events
import Foundation
import Projections
import TestSupport
import Synchronization
import Testing

/// The failure a test injects between writing a batch and committing it.
struct InjectedFailure: Error {}

@Suite(.database, .serialized) struct ProjectorTests {
    @Test func failureBeforeCommitDoesNotDoubleCount() async throws {
        let f = try Fixture()
        try await f.station("ex")
        for day in 1...9 { try await f.dispute("ex", at: "2024-06-0\(day)T10:00:00+08:00") }
        let batches = Counter()
        let failing = Projector(pool: f.database.pool, logger: f.logger, batchSize: 3) { _, _ in
            if batches.increment() == 3 { throw InjectedFailure() }
        }
        // A transaction another suite holds open can keep the new events unreadable for a
        // moment (the log is read below the oldest running transaction): ask until the
        // third batch is reached and fails.
        var failed = false
        for _ in 0..<200 where !failed {
            do {
                try await failing.catchUp()
                try await Task.sleep(for: .milliseconds(50))
            } catch is InjectedFailure {
                failed = true
            }
        }
        #expect(failed)
        // Restart: the rolled-back batch is applied once, the committed ones not again.
        // (Caught up through the fixture, which waits while a transaction another suite
        // holds open keeps the log's newest events unreadable for a moment.)
        try await Projector(pool: f.database.pool, logger: f.logger, batchSize: 3).catchUp()
        try await f.catchUp()
        let report = try await f.statistics.disputes(DisputeStatsQuery(filter: StatsFilter(from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-30"))))
        #expect(report.totals.logged == 9)
        let status = try await f.monitor.status()
        #expect(status.allSatisfy { $0.lag == 0 && $0.state == "active" })
        let head = try await f.database.store.headPosition()
        try await f.monitor.waitForPosition(head, timeout: .seconds(1))
        await #expect(throws: ProjectionError.self) { try await f.monitor.waitForPosition(head + 100, timeout: .milliseconds(100)) }
    }

    @Test func liveRunnerWakesOnNotify() async throws {
        let f = try Fixture()
        try await f.station("lv")
        let runner = Task { await Projector(pool: f.database.pool, logger: f.logger, pollInterval: .seconds(2)).run() }
        defer { runner.cancel() }
        try await Task.sleep(for: .milliseconds(500))
        try await f.dispute("lv", at: "2024-07-01T10:00:00+08:00")
        let head = try await f.database.store.headPosition()
        // Readers see an event only once every older transaction in the cluster has ended,
        // and the suites running beside this one hold some (their migrations); so the wait
        // is generous: the runner must apply the event by itself, not within a deadline.
        try await f.monitor.waitForPosition(head, timeout: .seconds(20))
        let report = try await f.statistics.disputes(DisputeStatsQuery(filter: StatsFilter(from: Fixture.date("2024-07-01"), to: Fixture.date("2024-07-01"))))
        #expect(report.totals.logged == 1)
    }
}

/// A thread-safe counter for hooks.
final class Counter: Sendable {
    private let value = Mutex(0)

    func increment() -> Int {
        value.withLock { $0 += 1; return $0 }
    }
}
