import Events

/// Writes derived streams into one version of a projection's tables.
///
/// The whole set goes in one COPY per table. Should the database refuse it (a value that
/// does not fit a column, a duplicate key), the set is written again stream by stream,
/// each inside its own savepoint, and the streams that are still refused are parked, so
/// one bad stream never holds up the others. Runs inside the caller's transaction.
struct RowSink {
    let projection: Projection
    let version: Int

    /// Replaces the rows of `streams`; `replacing` deletes their earlier rows first (not
    /// needed while loading a snapshot into empty tables). Returns how many were parked.
    @discardableResult
    func write(_ streams: [DerivedStream], replacing: Bool, on connection: PostgresConnection) async throws -> Int {
        guard !streams.isEmpty else { return 0 }
        var written: [(DerivedStream, [CopyText])] = []
        var parked: [(DerivedStream, String)] = []
        for stream in streams {
            switch stream.rows {
            case .success(let tables): written.append((stream, tables))
            case .failure(let failure): parked.append((stream, failure.message))
            }
        }
        try await connection.query("savepoint ledger_rows")
        do {
            if replacing { try await delete(streams.map(\.streamId), on: connection) }
            try await copy(written.map(\.1), on: connection)
            if replacing { try await aggregate(written.map(\.0.streamId), sign: 1, on: connection) }
            try await connection.query("release savepoint ledger_rows")
        } catch let error as PostgresError where Self.isRefusal(error) {
            try await connection.query("rollback to savepoint ledger_rows")
            if replacing { try await delete(parked.map(\.0.streamId), on: connection) }
            var kept: [(DerivedStream, [CopyText])] = []
            for (stream, tables) in written {
                if let refusal = try await writeAlone(stream.streamId, tables, replacing: replacing, on: connection) {
                    parked.append((stream, refusal))
                } else {
                    kept.append((stream, tables))
                }
            }
            written = kept
        }
        for (stream, reason) in parked {
            try await ParkedStreams.park(
                stream.streamId, at: stream.lastPosition, error: reason, projection: projection, version: version,
                on: connection)
        }
        try await ParkedStreams.release(written.map(\.0.streamId), projection: projection, version: version, on: connection)
        return parked.count
    }

    /// One stream in its own savepoint; returns the database's refusal, having removed
    /// the stream's earlier rows, or nil when written.
    private func writeAlone(
        _ streamId: String, _ tables: [CopyText], replacing: Bool, on connection: PostgresConnection
    ) async throws -> String? {
        try await connection.query("savepoint ledger_stream")
        do {
            if replacing { try await delete([streamId], on: connection) }
            try await copy([tables], on: connection)
            if replacing { try await aggregate([streamId], sign: 1, on: connection) }
            try await connection.query("release savepoint ledger_stream")
            return nil
        } catch let error as PostgresError where Self.isRefusal(error) {
            try await connection.query("rollback to savepoint ledger_stream")
            if replacing { try await delete([streamId], on: connection) }
            try await connection.query("release savepoint ledger_stream")
            return "\(error.description): \(error.serverMessage)"
        }
    }

    /// Removes the rows of `streamIds`, having first taken them out of the aggregates.
    private func delete(_ streamIds: [String], on connection: PostgresConnection) async throws {
        guard !streamIds.isEmpty else { return }
        try await aggregate(streamIds, sign: -1, on: connection)
        let model = projection.model
        let keys = PostgresArray(streamIds.map { model.streamKey($0) })
        for table in model.tables {
            try await connection.query(table.deleteStreams(version: version), [keys])
        }
    }

    /// Adds (`sign` 1) or subtracts (`sign` -1) the current rows of `streamIds` to or from
    /// the aggregates. A snapshot load skips this: the rebuild fills them whole at its end.
    private func aggregate(_ streamIds: [String], sign: Int, on connection: PostgresConnection) async throws {
        guard !streamIds.isEmpty else { return }
        let keys = PostgresArray(streamIds.map { projection.model.streamKey($0) })
        for table in projection.model.aggregates {
            try await connection.query(table.delta(version: version, sign: sign), [keys])
        }
    }

    private func copy(_ streams: [[CopyText]], on connection: PostgresConnection) async throws {
        for (index, table) in projection.model.tables.enumerated() {
            var bytes: [UInt8] = []
            for stream in streams { bytes.append(contentsOf: stream[index].bytes) }
            guard !bytes.isEmpty else { continue }
            try await connection.copyIn(table.copy(version: version), data: bytes)
        }
    }

    /// Refusals of the data itself (SQLSTATE classes 22 and 23: a value out of range, a
    /// duplicate key), which writing the same rows again cannot fix.
    static func isRefusal(_ error: PostgresError) -> Bool {
        guard let code = error.code else { return false }
        return code.errorClass == "22" || code.errorClass == "23"
    }
}
