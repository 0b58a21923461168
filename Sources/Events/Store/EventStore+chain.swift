import Foundation

/// The read that checks the hash chain.
extension EventStore {
    /// Up to `limit` events with their stored hashes in (stream id, version) order after
    /// the given stream and version: the whole log stream by stream.
    public func readChain(after: (streamId: String, version: Int), limit: Int) async throws -> [ChainedEvent] {
        try await pool.withConnection { connection in
            try await connection.execute(Self.readChainStatement, [after.streamId, after.version, limit]).map { row in
                ChainedEvent(
                    event: try Self.recordedEvent(row),
                    occurredMicros: try row.decode("occurred_micros"),
                    storedHash: try row.decodeIfPresent("hash_hex", as: String.self).flatMap(Data.init(hex:))
                )
            }
        }
    }

    private static let readChainStatement = PreparedStatement(
        name: "ledger_read_chain",
        sql: """
            select \(columns), encode(hash, 'hex') as hash_hex from ledger.events
             where (stream_id, stream_version) > ($1, $2::integer)
             order by stream_id, stream_version
             limit $3
            """
    )
}
