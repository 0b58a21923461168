import Events
import Foundation

/// Reads whole streams from the log as they stood at a cursor, for re-deriving their rows.
///
/// Only events at or before the cursor are read, so a row derived at a checkpoint is
/// exactly the state as of that checkpoint, whichever process derives it.
enum HistoryReader {
    /// Effective histories of `streamIds` as of `cursor`, by stream id.
    static func effectiveHistories(
        of streamIds: [String], upTo cursor: LogCursor, on connection: PostgresConnection
    ) async throws -> [String: [EffectiveEvent]] {
        guard !streamIds.isEmpty else { return [:] }
        let rows = try await connection.execute(
            statement, [PostgresArray(streamIds), cursor.transactionId, cursor.globalPosition])
        var recorded: [String: [RecordedEvent]] = [:]
        for row in rows {
            let event = try recordedEvent(row)
            recorded[event.streamId, default: []].append(event)
        }
        var histories: [String: [EffectiveEvent]] = [:]
        for (streamId, events) in recorded {
            histories[streamId] = try EffectiveHistory.of(EventRegistry.decode(events))
        }
        return histories
    }

    private static let statement = PreparedStatement(
        name: "projections_read_histories",
        sql: """
            select global_position, transaction_id::text as transaction_id, event_id, stream_id,
                   stream_version, type, schema_version, data::text as data, actor, station_id,
                   (extract(epoch from occurred_at) * 1000000)::int8 as occurred_micros,
                   (extract(epoch from recorded_at) * 1000000)::int8 as recorded_micros
              from ledger.events
             where stream_id = any($1::text[])
               and (transaction_id, global_position) <= ($2::text::xid8, $3::int8)
             order by stream_id, stream_version
            """
    )

    private static func recordedEvent(_ row: PostgresRow) throws -> RecordedEvent {
        RecordedEvent(
            globalPosition: try row.decode("global_position"),
            transactionId: try row.decode("transaction_id"),
            eventId: try row.decode("event_id"),
            streamId: try row.decode("stream_id"),
            streamVersion: try row.decode("stream_version"),
            type: try row.decode("type"),
            schemaVersion: try row.decode("schema_version"),
            data: try row.decode("data"),
            occurredAt: PostgresTime.date(microseconds: try row.decode("occurred_micros")),
            recordedAt: PostgresTime.date(microseconds: try row.decode("recorded_micros")),
            actor: try row.decode("actor"),
            stationId: try row.decode("station_id")
        )
    }
}
