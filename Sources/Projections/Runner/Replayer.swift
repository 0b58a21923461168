public import Events
import Foundation
public import Logging

/// Rebuilds a projection into a new version of its tables without taking the served
/// version offline, then switches readers to it atomically.
///
/// The new version is built in bounded batches, each its own short transaction with the
/// version's checkpoint, from the start of the log to its head. The switch then locks the
/// active version's row (so the live runner pauses between batches), applies what arrived
/// meanwhile, marks the new version active and repoints the views, all in one
/// transaction. Killed at any point, the served version is untouched; running the replay
/// again resumes the version being built from its checkpoint.
public struct Replayer: Sendable {
    /// A hook run inside each build batch's transaction before it commits; for tests that
    /// interrupt a replay half-way.
    public typealias BeforeBatchCommit = @Sendable (ReplayProgress) async throws -> Void

    private let pool: ConnectionPool
    private let store: EventStore
    private let logger: Logger
    private let batchSize: Int
    private let beforeBatchCommit: BeforeBatchCommit?

    /// A replayer on `pool`'s database, building in batches of `batchSize` events.
    public init(pool: ConnectionPool, logger: Logger, batchSize: Int = 2000, beforeBatchCommit: BeforeBatchCommit? = nil) {
        self.pool = pool
        self.store = EventStore(pool: pool, logger: logger)
        self.logger = logger
        self.batchSize = max(1, batchSize)
        self.beforeBatchCommit = beforeBatchCommit
    }

    /// Rebuilds `projection` and switches readers to the new version; returns the final progress.
    ///
    /// Throws ``ProjectionError/replayRunning(_:)`` when another replay of it is running.
    @discardableResult
    public func replay(_ projection: Projection, progress: @Sendable (ReplayProgress) -> Void = { _ in }) async throws -> ReplayProgress {
        try await pool.withConnection { connection in
            let locked: Bool = try await connection.query(
                "select pg_try_advisory_lock(hashtext($1)) as locked", [projection.replayLockKey]
            ).first?.decode("locked") ?? false
            guard locked else { throw ProjectionError.replayRunning(projection.rawValue) }
            do {
                let result = try await rebuild(projection, progress: progress, on: connection)
                try await connection.query("select pg_advisory_unlock(hashtext($1))", [projection.replayLockKey])
                return result
            } catch {
                _ = try? await connection.query("select pg_advisory_unlock(hashtext($1))", [projection.replayLockKey])
                throw error
            }
        }
    }

    private func rebuild(
        _ projection: Projection, progress: @Sendable (ReplayProgress) -> Void, on connection: PostgresConnection
    ) async throws -> ReplayProgress {
        try await ProjectionCatalog.install(on: connection)
        var building: ProjectionCatalog.Version
        if let resumed = try await ProjectionCatalog.building(projection, on: connection) {
            building = resumed
            logger.info("resuming replay", metadata: ["projection": "\(projection)", "version": "\(resumed.version)"])
        } else {
            building = try await ProjectionCatalog.startBuilding(projection, on: connection)
            logger.info("starting replay", metadata: ["projection": "\(projection)", "version": "\(building.version)"])
        }
        let started = ContinuousClock.now
        let startedApplied = building.eventsApplied
        var head = try await store.headPosition()
        var report = ReplayProgress(
            projection: projection, version: building.version, applied: building.eventsApplied,
            position: building.cursor.globalPosition, head: head, eventsPerSecond: 0, switched: false)
        while true {
            let current = building
            let (events, next) = try await connection.withTransaction {
                let events = try await store.readAll(after: current.cursor, limit: batchSize, on: connection)
                guard let last = events.last else { return (0, current) }
                var next = current
                next.cursor = LogCursor(transactionId: last.transactionId, globalPosition: last.globalPosition)
                next.eventsApplied += Int64(events.count)
                try await RowWriter.apply(events, through: next.cursor, to: projection, version: current.version, store: store, on: connection)
                try await ProjectionCatalog.advance(current, to: next.cursor, applied: events.count, on: connection)
                var pending = report
                pending.applied = next.eventsApplied
                pending.position = next.cursor.globalPosition
                try await beforeBatchCommit?(pending)
                return (events.count, next)
            }
            building = next
            let elapsed = (ContinuousClock.now - started) / .seconds(1)
            head = max(head, building.cursor.globalPosition)
            report.applied = building.eventsApplied
            report.position = building.cursor.globalPosition
            report.head = head
            report.eventsPerSecond = elapsed > 0 ? Double(building.eventsApplied - startedApplied) / elapsed : 0
            progress(report)
            if events < batchSize { break }
        }
        try await switchOver(building, on: connection)
        try await ProjectionCatalog.dropRetired(projection, on: connection)
        report.switched = true
        report.head = max(head, report.position)
        progress(report)
        logger.info("replay switched", metadata: ["projection": "\(projection)", "version": "\(building.version)"])
        return report
    }

    /// Applies the events that arrived during the build and makes the new version serve,
    /// in one transaction that holds the active version's row lock.
    private func switchOver(_ building: ProjectionCatalog.Version, on connection: PostgresConnection) async throws {
        let projection = building.projection
        try await connection.withTransaction {
            guard let active = try await ProjectionCatalog.lockActive(projection, on: connection) else {
                throw ProjectionError.switchInterrupted(projection.rawValue)
            }
            var cursor = building.cursor
            while true {
                let events = try await store.readAll(after: cursor, limit: batchSize, on: connection)
                guard let last = events.last else { break }
                cursor = LogCursor(transactionId: last.transactionId, globalPosition: last.globalPosition)
                try await RowWriter.apply(events, through: cursor, to: projection, version: building.version, store: store, on: connection)
                try await ProjectionCatalog.advance(building, to: cursor, applied: events.count, on: connection)
            }
            try await ProjectionCatalog.activate(building, replacing: active, on: connection)
        }
    }
}
