import Events

/// Applies the log to one version of a projection, batch by batch, after its checkpoint.
///
/// The live projector and a replay's catch-up and switch all run this loop; they differ
/// only in which version they advance and in how batches map to transactions.
struct ProjectionRunner: Sendable {
    /// Where the events come from.
    let store: EventStore
    /// Events per batch.
    let batchSize: Int

    /// The outcome of one batch.
    struct Batch: Sendable {
        /// The version with its checkpoint moved past the batch.
        var version: ProjectionCatalog.Version
        /// Events read (of every stream kind).
        var applied: Int
        /// Whether a full batch was read, so more may be waiting.
        var more: Bool
    }

    /// Reads up to `batchSize` committed events after `version`'s checkpoint, replaces the
    /// rows of the streams they touch as they stood at the batch's last event, and moves
    /// the checkpoint; all in the caller's transaction.
    func applyBatch(_ version: ProjectionCatalog.Version, on connection: PostgresConnection) async throws -> Batch {
        let events = try await store.readAll(after: version.cursor, limit: batchSize, on: connection)
        guard let last = events.last else { return Batch(version: version, applied: 0, more: false) }
        let cursor = LogCursor(transactionId: last.transactionId, globalPosition: last.globalPosition)
        let projection = version.projection
        var seen: Set<String> = []
        let streamIds = events.map(\.streamId).filter {
            StreamKind(streamId: $0) == projection.streamKind && seen.insert($0).inserted
        }
        if !streamIds.isEmpty {
            // Each stream as it stood at the batch's last event, whichever process derives it.
            let histories = Dictionary(
                grouping: try await store.readStreams(streamIds, through: cursor, on: connection), by: \.streamId)
            let derived = streamIds.map { id in
                DerivedStream.derive(projection.model, streamId: id, events: histories[id] ?? [])
            }
            try await RowSink(projection: projection, version: version.version).write(derived, replacing: true, on: connection)
        }
        try await ProjectionCatalog.advance(version, to: cursor, applied: events.count, on: connection)
        var advanced = version
        advanced.cursor = cursor
        advanced.eventsApplied += Int64(events.count)
        return Batch(version: advanced, applied: events.count, more: events.count == batchSize)
    }

    /// Applies batches, each in a transaction of its own on `connection`, to the version
    /// `target` reads at the start of each (nil stops), until a batch comes back short;
    /// returns the events applied.
    ///
    /// The live projector targets the active version (locked, so a replay's switch waits
    /// for the batch); a replay targets the version it is building.
    func catchUp(
        on connection: PostgresConnection,
        target: (PostgresConnection) async throws -> ProjectionCatalog.Version?,
        beforeCommit: (Batch) async throws -> Void = { _ in },
        afterCommit: (Batch) -> Void = { _ in }
    ) async throws -> Int {
        var total = 0
        while true {
            let batch: Batch? = try await connection.withTransaction {
                guard let version = try await target(connection) else { return nil }
                let batch = try await applyBatch(version, on: connection)
                if batch.applied > 0 { try await beforeCommit(batch) }
                return batch
            }
            guard let batch else { return total }
            total += batch.applied
            afterCommit(batch)
            if !batch.more { return total }
        }
    }

    /// Applies batches to `version` until the log is drained, all in the caller's transaction.
    func drain(_ version: ProjectionCatalog.Version, on connection: PostgresConnection) async throws -> ProjectionCatalog.Version {
        var current = version
        while true {
            let batch = try await applyBatch(current, on: connection)
            current = batch.version
            if !batch.more { return current }
        }
    }
}
