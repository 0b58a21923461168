/// The one read a command needs before it is decided.
extension EventStore {
    /// A stream's events in version order and how many events the streams of `category`
    /// hold, read in one round trip and one snapshot.
    ///
    /// The log is append-only, so an unchanged count means unchanged streams: a command
    /// handler keeps the reference data folded from the station streams and refolds it
    /// only when their count moves (``ReferenceDataCache``).
    public func readStream(_ streamId: String, countingCategory category: String) async throws -> StreamRead {
        try await pool.withConnection { connection in
            let rows = try await connection.execute(Self.readStreamCountingStatement, [streamId, category])
            var events: [RecordedEvent] = []
            events.reserveCapacity(rows.count)
            for row in rows where try row.decodeIfPresent("global_position", as: Int64.self) != nil {
                events.append(try Self.recordedEvent(row))
            }
            let count: Int = try rows.first?.decode("category_count") ?? 0
            return StreamRead(events: events, categoryCount: count)
        }
    }

    /// A stream as read with the size of a category (see ``readStream(_:countingCategory:)``).
    public struct StreamRead: Sendable {
        /// The stream's events in version order; empty when it does not exist.
        public var events: [RecordedEvent]
        /// How many events the counted category held in the same snapshot.
        public var categoryCount: Int
    }

    private static let readStreamCountingStatement = PreparedStatement(
        name: "ledger_read_stream_counting",
        sql: """
            select c.category_count, e.*
              from (select count(*) as category_count from ledger.events
                     where split_part(stream_id, '-', 1) = $2) c
              left join lateral (select \(columns) from ledger.events where stream_id = $1) e on true
             order by e.stream_version
            """
    )
}
