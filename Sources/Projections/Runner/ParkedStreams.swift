import Events

/// Streams a projection version could not apply, kept in `projections.parked_streams`.
///
/// Parking one stream lets the projection go on with every other; the stream is tried
/// again whenever one of its events arrives and by every replay, and leaves the table
/// once its rows are written.
enum ParkedStreams {
    /// Records that `streamId` could not be applied to `version` of `projection`.
    static func park(
        _ streamId: String, at position: Int64, error: String, projection: Projection, version: Int,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into projections.parked_streams (projection, version, stream_id, global_position, error)
            values ($1, $2, $3, $4, $5)
            on conflict (projection, version, stream_id)
            do update set global_position = excluded.global_position, error = excluded.error, parked_at = now()
            """, [projection.rawValue, version, streamId, position, String(error.prefix(2000))])
    }

    /// Forgets `streamIds`, whose rows were just written.
    static func release(_ streamIds: [String], projection: Projection, version: Int, on connection: PostgresConnection) async throws {
        guard !streamIds.isEmpty else { return }
        try await connection.query(
            "delete from projections.parked_streams where projection = $1 and version = $2 and stream_id = any($3::text[])",
            [projection.rawValue, version, PostgresArray(streamIds)])
    }

    /// Every parked stream of the active and building versions, oldest first.
    static func current(on connection: PostgresConnection) async throws -> [ParkedStream] {
        try await connection.query(
            """
            select p.projection, p.version, p.stream_id, p.global_position, p.error,
                   to_char(p.parked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as parked_at
              from projections.parked_streams p
              join projections.versions v on v.projection = p.projection and v.version = p.version
             where v.state in ('active', 'building')
             order by p.parked_at, p.stream_id
            """
        ).map { row in
            ParkedStream(
                projection: try row.decode("projection"), version: try row.decode("version"),
                streamId: try row.decode("stream_id"), position: try row.decode("global_position"),
                error: try row.decode("error"), parkedAt: try row.decode("parked_at"))
        }
    }
}
