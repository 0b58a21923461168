import Events

/// Loads a building version's tables from a snapshot of the log, stream by stream.
///
/// Each stream is read once, folded once and written with COPY, instead of replaying the
/// log event by event. Three things overlap: the next batch is fetched while this one is
/// derived (on every core) and the previous one is written. Each written batch commits
/// with the name of its last stream, so a killed load resumes after it; the version's
/// checkpoint is the first snapshot's cursor, and the ordinary catch-up from there
/// re-derives every stream that changed since.
struct SnapshotLoader: Sendable {
    /// Events fetched per round trip.
    let fetchSize: Int
    /// Run inside each batch's transaction before it commits, with the events loaded so
    /// far including the batch; for tests.
    let beforeCommit: (@Sendable (Int) async throws -> Void)?

    /// Loads `version` (building, snapshot not complete) through `reader`'s snapshot and
    /// writes through `writer`; `progress` gets the events loaded so far.
    func load(
        _ version: ProjectionCatalog.Version, reader: PostgresConnection, writer: PostgresConnection,
        progress: @Sendable (Int) -> Void
    ) async throws -> ProjectionCatalog.Version {
        let snapshot = try await LogSnapshot.open(on: reader)
        do {
            var current = version
            if current.snapshotAfter == nil {
                try await ProjectionCatalog.advance(current, to: snapshot.cursor, applied: 0, on: writer)
                current.cursor = snapshot.cursor
            }
            let loaded = try await copyStreams(current, from: snapshot, writer: writer, progress: progress)
            try await snapshot.close()
            current.eventsApplied += Int64(loaded)
            try await ProjectionCatalog.completeSnapshot(current, on: writer)
            current.snapshotComplete = true
            return current
        } catch {
            _ = try? await snapshot.close()
            throw error
        }
    }

    private func copyStreams(
        _ version: ProjectionCatalog.Version, from snapshot: LogSnapshot, writer: PostgresConnection,
        progress: @Sendable (Int) -> Void
    ) async throws -> Int {
        let projection = version.projection
        let streams = try await snapshot.streams(of: projection.streamKind, after: version.snapshotAfter)
        let sink = RowSink(projection: projection, version: version.version)
        var carried: [RecordedEvent] = []
        var loaded = 0
        var fetched = try await streams.next(fetchSize)
        var writing: Task<Void, any Error>?
        while !fetched.isEmpty || !carried.isEmpty {
            let atEnd = fetched.count < fetchSize
            var events = carried + fetched
            carried = []
            if !atEnd, let lastStream = events.last?.streamId {
                // The last stream may go on in the next fetch: keep it for then.
                let cut = events.firstIndex { $0.streamId == lastStream } ?? events.count
                carried = Array(events[cut...])
                events.removeSubrange(cut...)
                if events.isEmpty {
                    fetched = try await streams.next(fetchSize)
                    continue
                }
            }
            async let next = atEnd ? [] : streams.next(fetchSize)
            let derived = await Self.derive(events, model: projection.model)
            try await writing?.value
            if let lastStream = derived.last?.streamId {
                let count = events.count
                let total = loaded + count
                let hook = beforeCommit
                writing = Task {
                    try await writer.withTransaction {
                        try await sink.write(derived, replacing: false, on: writer)
                        try await ProjectionCatalog.recordSnapshot(version, after: lastStream, applied: count, on: writer)
                        try await hook?(total)
                    }
                }
            }
            loaded += events.count
            progress(loaded)
            fetched = try await next
        }
        try await writing?.value
        return loaded
    }

    /// Derives the rows of every stream in `events` (grouped by stream, in order) on
    /// `parts` tasks, so every core folds streams while the database reads and writes.
    static func derive(_ events: [RecordedEvent], model: any ReadModel.Type, parts: Int = 4) async -> [DerivedStream] {
        var bounds: [Range<Int>] = []
        var start = 0
        for index in events.indices.dropFirst() where events[index].streamId != events[index - 1].streamId {
            bounds.append(start..<index)
            start = index
        }
        if !events.isEmpty { bounds.append(start..<events.count) }
        let size = max(1, (bounds.count + parts - 1) / parts)
        let chunks = stride(from: 0, to: bounds.count, by: size).map { Array(bounds[$0..<min($0 + size, bounds.count)]) }
        return await withTaskGroup(of: (Int, [DerivedStream]).self) { group in
            for (part, ranges) in chunks.enumerated() {
                group.addTask {
                    (part, ranges.map { range in
                        DerivedStream.derive(model, streamId: events[range.lowerBound].streamId, events: Array(events[range]))
                    })
                }
            }
            var results = [[DerivedStream]](repeating: [], count: chunks.count)
            for await (part, derived) in group { results[part] = derived }
            return results.flatMap { $0 }
        }
    }
}
