import Foundation
import Logging
import Testing
import TestSupport

@testable import Events

/// Every wait on the database ends: statement and lock timeouts, keepalives, the pool's
/// lease deadline and cancellation of a running statement.
@Suite(.database)
struct BoundedWaitTests {
    private func pool(_ database: TestDatabase, size: Int = 1, session: SessionSettings = .pooled, lease: Duration? = .seconds(5)) -> ConnectionPool {
        ConnectionPool(url: database.url, database: database.name, maximumConnections: size, session: session,
                       leaseTimeout: lease, logger: Logger(label: "test"))
    }

    private func setting(_ name: String, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("select current_setting($1) as value", [name]).first?.decode("value")
    }

    /// How many sessions matching `condition` are running `pg_sleep` now.
    private func sleeping(where condition: String, _ value: any PostgresBindable, observer: PostgresConnection) async throws -> Int {
        let rows = try await observer.query("""
            select count(*)::int as n from pg_stat_activity
            where \(condition) and state = 'active' and query like '%pg_sleep%'
            """, [value])
        return try rows.first?.decode("n") ?? 0
    }

    /// Waits (up to about 10 s) until a session matching `condition` runs `pg_sleep`.
    private func waitUntilSleeping(where condition: String, _ value: any PostgresBindable, observer: PostgresConnection) async throws {
        for _ in 0..<100 {
            if try await sleeping(where: condition, value, observer: observer) > 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the statement never started")
    }

    @Test func pooledConnectionsHaveTimeoutsAndKeepalivesDedicatedOnesOnlyKeepalives() async throws {
        let database = try TestDatabase.require()
        let pool = pool(database)
        let pooled = try await pool.withConnection { connection in
            [try await setting("statement_timeout", on: connection), try await setting("lock_timeout", on: connection),
             try await connection.connectionParameter("keepalives"), try await connection.connectionParameter("keepalives_idle")]
        }
        #expect(pooled == ["30s", "10s", "1", "30"])
        let dedicated = try await pool.withDedicatedConnections(["bulk"]) { connections in
            [try await setting("statement_timeout", on: connections[0]), try await setting("lock_timeout", on: connections[0]),
             try await connections[0].connectionParameter("keepalives")]
        }
        #expect(dedicated == ["0", "0", "1"])
        await pool.close()
    }

    @Test func aStatementPastItsTimeoutAndALockWaitPastItsTimeoutFail() async throws {
        let database = try TestDatabase.require()
        let statements = pool(database, session: SessionSettings(statementTimeout: .milliseconds(200)))
        let slow = await #expect(throws: PostgresError.self) {
            try await statements.withConnection { try await $0.query("select pg_sleep(20)") }
        }
        #expect(slow?.code == "57014")
        await statements.close()
        let locks = pool(database, session: SessionSettings(lockTimeout: .milliseconds(200)))
        let holder = try await database.connect()
        try await holder.query("select pg_advisory_lock(4242)")
        let blocked = await #expect(throws: PostgresError.self) {
            try await locks.withConnection { try await $0.query("select pg_advisory_lock(4242)") }
        }
        #expect(blocked?.code == "55P03")
        await holder.close()
        await locks.close()
    }

    @Test func aLeaseThatWaitsPastTheDeadlineFailsAsPoolExhausted() async throws {
        let database = try TestDatabase.require()
        let pool = pool(database, lease: .milliseconds(300))
        let held = await HeldConnection.take(from: pool)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try await $0.query("select 1") }
        }
        #expect(error?.condition == .poolExhausted)
        #expect(error?.isUnavailable == true)
        try await held.release()
        let one: Int? = try await pool.withConnection { try await $0.query("select 1 as one").first?.decode("one") }
        #expect(one == 1)
        await pool.close()
    }

    @Test func aCancelledWaiterLeavesTheQueueAndTakesNoConnection() async throws {
        let database = try TestDatabase.require()
        let pool = pool(database, lease: nil)
        let held = await HeldConnection.take(from: pool)
        let waiter = Task { try await pool.withConnection { _ in } }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        try await held.release()
        let one: Int? = try await pool.withConnection { try await $0.query("select 1 as one").first?.decode("one") }
        #expect(one == 1)
        await pool.close()
    }

    @Test func cancellingTheAwaitingTaskCancelsTheStatementOnTheServer() async throws {
        let database = try TestDatabase.require()
        let name = "cancel-\(UUID().uuidString.prefix(8))"
        let connection = try await PostgresConnection.connect(url: database.url, database: database.name, applicationName: name)
        let observer = try await database.connect()
        let sleeper = Task { try await connection.query("select pg_sleep(30)") }
        try await waitUntilSleeping(where: "application_name = $1", name, observer: observer)
        let started = ContinuousClock.now
        sleeper.cancel()
        let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
        #expect(error?.condition == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(20), "the call waited for the statement to finish")
        // The session may have been inside a transaction: it is marked broken, not reused.
        #expect(!connection.isUsable)
        #expect(try await sleeping(where: "application_name = $1", name, observer: observer) == 0)
        await connection.close()
        await observer.close()
    }

    @Test func aPoolReplacesAConnectionWhoseStatementWasCancelled() async throws {
        let database = try TestDatabase.require()
        let pool = pool(database)
        let firstPid: Int = try await pool.withConnection { try await $0.query("select pg_backend_pid() as pid").first?.decode("pid") ?? 0 }
        let sleeper = Task { try await pool.withConnection { try await $0.query("select pg_sleep(30)") } }
        let observer = try await database.connect()
        try await waitUntilSleeping(where: "pid = $1", firstPid, observer: observer)
        await observer.close()
        sleeper.cancel()
        await #expect(throws: (any Error).self) { try await sleeper.value }
        let secondPid: Int = try await pool.withConnection { try await $0.query("select pg_backend_pid() as pid").first?.decode("pid") ?? 0 }
        #expect(secondPid != firstPid)
        await pool.close()
    }

    @Test func theOldestOpenTransactionsAgeIsMeasured() async throws {
        let database = try TestDatabase.require()
        let idle = try await database.connect()
        try await idle.query("begin")
        try await idle.query("select 1")
        try await Task.sleep(for: .milliseconds(1500))
        #expect(try await database.pool.oldestTransactionAge() >= 1)
        try await idle.query("commit")
        await idle.close()
    }

    @Test(.enabled(if: (ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty, "only the embedded cluster sets it"))
    func theEmbeddedClusterEndsSessionsIdleInATransaction() async throws {
        let connection = try await TestDatabase.require().connect()
        #expect(try await setting("idle_in_transaction_session_timeout", on: connection) == "1min")
        await connection.close()
    }
}
