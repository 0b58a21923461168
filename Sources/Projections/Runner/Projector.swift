public import Events
import Foundation
public import Logging

/// Keeps the active version of every projection up to date with the log.
///
/// Each batch reads events after the projection's checkpoint, replaces the rows of the
/// streams they touch and moves the checkpoint in one transaction, so an event's effect
/// is applied exactly once however the process dies. The runner holds a session advisory
/// lock per projection (one runner at a time; a second one waits as a standby), wakes on
/// `LISTEN ledger_events` and polls as a fallback. Where it runs (inside `serve`, in
/// tests through ``catchUp()``) is separate from what the rows are (`DisputeCase`,
/// `AlertCase`, `StationRecord`).
public struct Projector: Sendable {
    /// A hook run inside each batch's transaction after its rows and checkpoint are
    /// written and before the commit; a thrown error rolls the batch back. For tests.
    public typealias BeforeCommit = @Sendable (Projection, LogCursor) async throws -> Void

    private let pool: ConnectionPool
    private let runner: ProjectionRunner
    private let logger: Logger
    private let pollInterval: Duration
    private let gathering: Duration
    private let beforeCommit: BeforeCommit?

    /// A projector on `pool`'s database.
    ///
    /// - Parameters:
    ///   - batchSize: events per transaction.
    ///   - pollInterval: the longest wait between checks when no NOTIFY arrives.
    ///   - gathering: how long to let further appends arrive after a NOTIFY before catching
    ///     up, so that a busy log is applied in batches rather than a transaction per write.
    ///   - beforeCommit: a fault-injection hook for tests; nil in production.
    public init(
        pool: ConnectionPool, logger: Logger, batchSize: Int = 500, pollInterval: Duration = .seconds(1),
        gathering: Duration = .milliseconds(5),
        beforeCommit: BeforeCommit? = nil
    ) {
        self.pool = pool
        self.runner = ProjectionRunner(store: EventStore(pool: pool, logger: logger), batchSize: max(1, batchSize))
        self.logger = logger
        self.pollInterval = pollInterval
        self.gathering = gathering
        self.beforeCommit = beforeCommit
    }

    /// Runs until the task is cancelled: catches up, then waits for a NOTIFY or the poll
    /// interval. Connection failures are logged and retried after the poll interval.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await runConnected()
            } catch is CancellationError {
                return
            } catch {
                logger.info("projector connection failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// Creates the projections' first versions and views if they do not exist yet, so
    /// reads answer (possibly behind) from the moment a server starts.
    public func install() async throws {
        try await pool.withConnection { try await ProjectionCatalog.install(on: $0) }
    }

    /// Applies every committed event to every projection whose lock this process can take,
    /// then releases the locks; returns the number of events applied.
    @discardableResult
    public func catchUp() async throws -> Int {
        try await pool.withConnection { connection in
            try await ProjectionCatalog.install(on: connection)
            var applied = 0
            for projection in Projection.allCases {
                guard try await tryLock(projection.runnerLockKey, on: connection) else { continue }
                do {
                    applied += try await catchUp(projection, on: connection)
                    try await unlock(projection.runnerLockKey, on: connection)
                } catch {
                    _ = try? await unlock(projection.runnerLockKey, on: connection)
                    throw error
                }
            }
            return applied
        }
    }

    private func runConnected() async throws {
        try await pool.withDedicatedConnections(["ledger-projector", "ledger-projector-listen"]) { connections in
            try await follow(worker: connections[0], listener: connections[1])
        }
    }

    /// Takes the runner locks it can and catches up after every NOTIFY or poll interval;
    /// ends only by throwing (cancellation or a failed connection).
    private func follow(worker: PostgresConnection, listener: PostgresConnection) async throws {
        try await listener.query("listen \(EventStore.notificationChannel)")
        // A batch's rows and checkpoint commit together, so a crash that loses the last
        // commits loses both and the next start applies those events again: the read
        // model needs atomicity, not durability, and waiting for the WAL flush per batch
        // was a second durable commit per write under load. The log's appends stay durable.
        try await worker.query("set synchronous_commit = off")
        try await ProjectionCatalog.install(on: worker)
        var held: Set<Projection> = []
        while !Task.isCancelled {
            for projection in Projection.allCases where !held.contains(projection) {
                if try await tryLock(projection.runnerLockKey, on: worker) {
                    held.insert(projection)
                    logger.info("projection runner started", metadata: ["projection": "\(projection)"])
                }
            }
            for projection in Projection.allCases where held.contains(projection) {
                let applied = try await catchUp(projection, on: worker)
                if applied > 0 {
                    logger.debug("projection caught up", metadata: ["projection": "\(projection)", "events": "\(applied)"])
                }
            }
            if try await !listener.waitForNotifications(timeout: pollInterval).isEmpty {
                try await Task.sleep(for: gathering)
            }
        }
        throw CancellationError()
    }

    /// Applies batches until the projection has seen every committed event. Each batch
    /// locks the active version's row: a replay's switch waits for the batch, and the
    /// batch waits for a switch, so no batch lands on a retired version.
    private func catchUp(_ projection: Projection, on connection: PostgresConnection) async throws -> Int {
        try await runner.catchUp(
            on: connection, target: { try await ProjectionCatalog.lockActive(projection, on: $0) },
            beforeCommit: { batch in try await beforeCommit?(projection, batch.version.cursor) })
    }

    private func tryLock(_ key: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select pg_try_advisory_lock(hashtext($1)) as locked", [key]).first?.decode("locked") ?? false
    }

    private func unlock(_ key: String, on connection: PostgresConnection) async throws {
        try await connection.query("select pg_advisory_unlock(hashtext($1))", [key])
    }
}
