import Events
import Foundation

/// Reads whole streams from the log as they stood at a cursor, for re-deriving their rows.
///
/// Only events at or before the cursor are read, so a row derived at a checkpoint is
/// exactly the state as of that checkpoint, whichever process derives it.
enum HistoryReader {
    /// Effective histories of `streamIds` as of `cursor`, by stream id.
    static func effectiveHistories(
        of streamIds: [String], upTo cursor: LogCursor, store: EventStore, on connection: PostgresConnection
    ) async throws -> [String: [EffectiveEvent]] {
        let recorded = Dictionary(
            grouping: try await store.readStreams(streamIds, through: cursor, on: connection), by: \.streamId)
        var histories: [String: [EffectiveEvent]] = [:]
        for (streamId, events) in recorded {
            histories[streamId] = try EffectiveHistory.of(EventRegistry.decode(events))
        }
        return histories
    }
}
