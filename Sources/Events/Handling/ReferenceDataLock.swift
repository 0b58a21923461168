/// Serialises every write to a station stream (the reference data), so that the check
/// "no other station has this community id" and the append that relies on it are one step.
///
/// The check reads every station stream, but the append only locks its own stream: two
/// stations registering the same community id at once would both pass. A writer of a
/// station stream therefore takes this transaction-scoped advisory lock first, then reads
/// the station streams on the same connection, decides, and appends in the same
/// transaction. The lock is released at commit, after the append is visible, so the next
/// writer's read sees it. Writes to dispute and alert streams neither take nor wait for it.
enum ReferenceDataLock {
    /// Whether a write to `streamId` must hold the lock.
    static func isNeeded(for streamId: String) -> Bool {
        StreamKind(streamId: streamId) == .station
    }

    /// Takes the lock until `connection`'s current transaction ends, waiting for a writer
    /// that holds it.
    static func acquire(on connection: PostgresConnection) async throws {
        // A 64-bit key hashed from a name no stream id can have (those start with a
        // category and a dash), apart from the per-stream keys `ledger.append_events` takes.
        try await connection.query("select pg_advisory_xact_lock(hashtextextended('ledger.reference_data', 0))")
    }
}
