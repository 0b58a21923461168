import Events

/// Reads whole streams from the log as they stood at a cursor, for re-deriving their rows.
///
/// Only events at or before the cursor are read, so a row derived at a checkpoint is
/// exactly the state as of that checkpoint, whichever process derives it.
enum HistoryReader {
    /// The recorded events of `streamIds` as of `cursor`, each stream in version order.
    static func streams(
        _ streamIds: [String], upTo cursor: LogCursor, store: EventStore, on connection: PostgresConnection
    ) async throws -> [String: [RecordedEvent]] {
        Dictionary(grouping: try await store.readStreams(streamIds, through: cursor, on: connection), by: \.streamId)
    }
}
