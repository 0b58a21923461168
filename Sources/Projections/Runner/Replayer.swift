public import Events
import Foundation
import Synchronization
public import Logging

/// Rebuilds a projection into a new version of its tables without taking the served
/// version offline, then switches readers to it atomically.
///
/// The new version is first loaded from a snapshot of the log, stream by stream with
/// COPY (``SnapshotLoader``), then caught up from the snapshot's cursor by the same
/// ``ProjectionRunner`` the live projector uses. The switch locks the active version's
/// row (so the live runner pauses between batches), applies what arrived meanwhile,
/// marks the new version active and repoints the views, all in one transaction. Killed
/// at any point, the served version is untouched; running the replay again resumes the
/// version being built where its last committed batch ended.
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
    public init(pool: ConnectionPool, logger: Logger, batchSize: Int = 10000, beforeBatchCommit: BeforeBatchCommit? = nil) {
        self.pool = pool
        self.store = EventStore(pool: pool, logger: logger)
        self.logger = logger
        self.batchSize = max(1, batchSize)
        self.beforeBatchCommit = beforeBatchCommit
    }

    /// The projections whose served tables were made by an earlier release and lack
    /// columns this one writes; each needs ``replay(_:progress:)`` before it can serve.
    public func outdatedProjections() async throws -> [Projection] {
        try await pool.withConnection { try await ProjectionCatalog.outdated(on: $0) }
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
        let head = try await store.headPosition()
        let report = Mutex(ReplayProgress(
            projection: projection, version: building.version, applied: building.eventsApplied,
            position: building.cursor.globalPosition, head: head, eventsPerSecond: 0, switched: false))
        let update = { @Sendable (applied: Int64, position: Int64) -> ReplayProgress in
            report.withLock { report in
                let elapsed = (ContinuousClock.now - started) / .seconds(1)
                report.applied = applied
                report.position = position
                report.head = max(report.head, position)
                report.eventsPerSecond = elapsed > 0 ? Double(applied - startedApplied) / elapsed : 0
                return report
            }
        }
        if !building.snapshotComplete {
            let base = building.eventsApplied
            building = try await loadSnapshot(building) { loaded in
                progress(update(base + Int64(loaded), base + Int64(loaded)))
            }
        }
        let runner = ProjectionRunner(store: store, batchSize: batchSize)
        let hook = beforeBatchCommit
        try await runner.catchUp(
            on: connection, target: { try await ProjectionCatalog.building(projection, on: $0) },
            beforeCommit: { batch in try await hook?(update(batch.version.eventsApplied, batch.version.cursor.globalPosition)) },
            afterCommit: { batch in progress(update(batch.version.eventsApplied, batch.version.cursor.globalPosition)) })
        building = try await switchOver(projection, runner: runner, on: connection)
        try await ProjectionCatalog.dropRetired(projection, on: connection)
        var done = update(building.eventsApplied, max(building.cursor.globalPosition, head))
        done.switched = true
        progress(done)
        logger.info("replay switched", metadata: ["projection": "\(projection)", "version": "\(building.version)"])
        return done
    }

    /// Loads the building version from a snapshot on two connections of its own (one
    /// reads, one writes), so reading, deriving and writing overlap.
    private func loadSnapshot(
        _ building: ProjectionCatalog.Version, progress: @Sendable (Int) -> Void
    ) async throws -> ProjectionCatalog.Version {
        let hook = beforeBatchCommit
        let applied = building.eventsApplied
        let loader = SnapshotLoader(fetchSize: batchSize) { loaded in
            try await hook?(ReplayProgress(
                projection: building.projection, version: building.version, applied: applied + Int64(loaded),
                position: 0, head: 0, eventsPerSecond: 0, switched: false))
        }
        return try await pool.withDedicatedConnections(["ledger-replay-read", "ledger-replay-write"]) { connections in
            try await loader.load(building, reader: connections[0], writer: connections[1], progress: progress)
        }
    }

    /// Applies the events that arrived during the build and makes the new version serve,
    /// in one transaction that holds the active version's row lock; returns the version
    /// as switched in.
    private func switchOver(
        _ projection: Projection, runner: ProjectionRunner, on connection: PostgresConnection
    ) async throws -> ProjectionCatalog.Version {
        try await connection.withTransaction {
            guard let active = try await ProjectionCatalog.lockActive(projection, on: connection),
                let building = try await ProjectionCatalog.building(projection, on: connection)
            else {
                throw ProjectionError.switchInterrupted(projection.rawValue)
            }
            let caughtUp = try await runner.drain(building, on: connection)
            try await ProjectionCatalog.activate(caughtUp, replacing: active, on: connection)
            return caughtUp
        }
    }
}
