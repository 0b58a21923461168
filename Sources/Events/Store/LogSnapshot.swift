/// A consistent snapshot of the log read stream by stream, for rebuilding read models.
///
/// Opens a read-only repeatable-read transaction on a connection the caller dedicates to
/// it. The snapshot holds exactly the events of transactions older than its oldest
/// running one, so ``cursor`` is a gap-free position: every event at or before it is in
/// the snapshot and every later one is after it. Streams are read in
/// `(stream_id, stream_version)` order through a server-side cursor, a bounded number of
/// rows at a time, so memory stays flat however long the log is. The transaction takes
/// no transaction id, so it holds back neither writers nor other readers.
public struct LogSnapshot: Sendable {
    private let connection: PostgresConnection
    private let horizon: String
    /// The last event in the snapshot, in log order; `.start` for an empty log.
    public let cursor: LogCursor

    /// Opens the snapshot on `connection`; ``close()`` ends it.
    public static func open(on connection: PostgresConnection) async throws -> LogSnapshot {
        try await connection.query("begin isolation level repeatable read, read only")
        do {
            let horizon: String = try await connection.query(
                "select pg_snapshot_xmin(pg_current_snapshot())::text as horizon"
            ).first?.decode("horizon") ?? "0"
            let last = try await connection.query(
                """
                select transaction_id::text as transaction_text, global_position from ledger.events
                 where transaction_id < $1::text::xid8
                 order by transaction_id desc, global_position desc limit 1
                """, [horizon]
            ).first
            let cursor = try last.map {
                LogCursor(transactionId: try $0.decode("transaction_text"), globalPosition: try $0.decode("global_position"))
            } ?? .start
            return LogSnapshot(connection: connection, horizon: horizon, cursor: cursor)
        } catch {
            _ = try? await connection.query("rollback")
            throw error
        }
    }

    /// Starts reading the streams of `kind` after stream `after` (all of them when nil).
    public func streams(of kind: StreamKind, after: String?) async throws -> StreamReader {
        let name = "ledger_snapshot_\(kind.rawValue)"
        try await connection.query(
            """
            declare \(name) no scroll cursor for
            select \(EventStore.columns) from ledger.events
             where stream_id > $1 and stream_id < $2 and transaction_id < $3::text::xid8
             order by stream_id, stream_version
            """, [after ?? kind.rawValue + "-", kind.rawValue + ".", horizon])
        return StreamReader(connection: connection, name: name)
    }

    /// Ends the snapshot's transaction.
    public func close() async throws {
        try await connection.query("commit")
    }

    /// Events of one stream kind in stream order, fetched in bounded batches.
    public struct StreamReader: Sendable {
        let connection: PostgresConnection
        let name: String

        /// The next `limit` events; empty at the end.
        public func next(_ limit: Int) async throws -> [RecordedEvent] {
            try await connection.query("fetch forward \(limit) from \(name)").map(EventStore.recordedEvent)
        }
    }
}
