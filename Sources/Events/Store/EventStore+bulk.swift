import Foundation

/// Reads and writes for many streams at once, one round trip each (bulk import).
extension EventStore {
    /// All events of `streamIds` and of every stream of `category`, grouped by stream and
    /// in version order, in one query.
    ///
    /// The category lets an importer read the station streams (reference data) alongside
    /// the streams its batch touches.
    public func readStreams(_ streamIds: [String], andCategory category: String) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await readStreams(streamIds, andCategory: category, on: connection)
        }
    }

    /// ``readStreams(_:andCategory:)`` on a connection the caller holds, inside the
    /// caller's transaction if any.
    public func readStreams(
        _ streamIds: [String], andCategory category: String, on connection: PostgresConnection
    ) async throws -> [RecordedEvent] {
        try await connection.execute(Self.readTouchedStreamsStatement, [PostgresArray(streamIds), category])
            .map(Self.recordedEvent)
    }

    /// All events of `streamIds` at or before `cursor`, by stream and in version order, on
    /// a connection the caller holds: the streams as they stood at a reader's checkpoint.
    public func readStreams(
        _ streamIds: [String], through cursor: LogCursor, on connection: PostgresConnection
    ) async throws -> [RecordedEvent] {
        guard !streamIds.isEmpty else { return [] }
        return try await connection.execute(
            Self.readStreamsThroughStatement,
            [PostgresArray(streamIds), cursor.transactionId, cursor.globalPosition]
        ).map(Self.recordedEvent)
    }

    /// For each probe, what the log holds under its event id, in one query.
    ///
    /// The answer has one element per probe, in the same order; a probe whose id is stored
    /// with the same stream, type and data (parties compared sealed), and the same
    /// `occurredAt` when `comparingTimes`, is `.same` (an idempotent repeat).
    public func match(_ probes: [(streamId: String, event: NewEvent)], comparingTimes: Bool) async throws -> [StoredMatch] {
        guard !probes.isEmpty else { return [] }
        return try await pool.withConnection { connection in
            try await match(probes, comparingTimes: comparingTimes, on: connection)
        }
    }

    /// The bulk `match` on a connection the caller holds, inside the
    /// caller's transaction if any.
    public func match(
        _ probes: [(streamId: String, event: NewEvent)], comparingTimes: Bool, on connection: PostgresConnection
    ) async throws -> [StoredMatch] {
        guard !probes.isEmpty else { return [] }
        var matches = try await compare(probes, data: probes.map(\.event.data), comparingTimes: comparingTimes, on: connection)
        // Parties are stored sealed: the ids found stored whose events carry parties are
        // compared again in sealed form. Ids not stored (most of an import) skip sealing.
        let stored = matches.indices.filter {
            matches[$0] != .absent && PartyFields.mayHold(type: probes[$0].event.type, data: probes[$0].event.data)
        }
        guard !stored.isEmpty else { return matches }
        let again = stored.map { probes[$0] }
        let sealed = try await PartySealer.seal(again.map { ($0.streamId, $0.event) }, creatingKeys: false, on: connection)
        let resealed = try await compare(again, data: sealed.map(\.data), comparingTimes: comparingTimes, on: connection)
        for (position, index) in stored.enumerated() { matches[index] = resealed[position] }
        return matches
    }

    /// One round trip of ``match(_:comparingTimes:on:)`` with the probes' data as given.
    private func compare(
        _ probes: [(streamId: String, event: NewEvent)], data: [Data], comparingTimes: Bool, on connection: PostgresConnection
    ) async throws -> [StoredMatch] {
        let rows = try await connection.execute(Self.matchManyStatement, [
            PostgresArray(probes.map(\.event.eventId)),
            PostgresArray(probes.map(\.streamId)),
            PostgresArray(probes.map(\.event.type)),
            PostgresArray(data.map { JSONText($0) }),
            PostgresArray(probes.map(\.event.occurredAt)),
            comparingTimes,
        ])
        var matches = [StoredMatch](repeating: .absent, count: probes.count)
        for row in rows {
            let index: Int = try row.decode("n") - 1
            guard try row.decode("same", as: Bool.self) else {
                matches[index] = .different
                continue
            }
            let entry = AppendResult.Entry(
                eventId: probes[index].event.eventId,
                streamVersion: try row.decode("stream_version"),
                globalPosition: try row.decode("global_position")
            )
            matches[index] = .same(AppendResult(streamId: probes[index].streamId, entries: [entry], isRepeat: true))
        }
        return matches
    }

    /// Appends events to many streams at the versions the caller computed, in one
    /// statement (its own short transaction), with one NOTIFY; returns the highest global
    /// position written.
    ///
    /// Nothing is written when another writer already holds one of the versions or event
    /// ids: that surfaces as ``EventStoreError/raced``, and the caller should read the
    /// streams again and decide anew.
    public func append(versioned events: [(streamId: String, streamVersion: Int, event: NewEvent)]) async throws -> Int64? {
        guard !events.isEmpty else { return nil }
        return try await pool.withConnection { connection in
            try await append(versioned: events, on: connection)
        }
    }

    /// ``append(versioned:)`` on a connection the caller holds, inside the caller's
    /// transaction if any (then its NOTIFY is delivered when that transaction commits).
    public func append(
        versioned events: [(streamId: String, streamVersion: Int, event: NewEvent)], on connection: PostgresConnection
    ) async throws -> Int64? {
        guard !events.isEmpty else { return nil }
        let sealed = try await PartySealer.seal(events.map { ($0.streamId, $0.event) }, on: connection)
        let parameters: [(any PostgresBindable)?] = [
            PostgresArray(events.map(\.streamId)),
            PostgresArray(events.map(\.streamVersion)),
            PostgresArray(events.map(\.event.eventId)),
            PostgresArray(events.map(\.event.type)),
            PostgresArray(events.map(\.event.schemaVersion)),
            PostgresArray(sealed.map { JSONText($0.data) }),
            PostgresArray(events.map(\.event.occurredAt)),
            PostgresArray(events.map(\.event.actor)),
            PostgresArray(events.map(\.event.stationId)),
        ]
        do {
            return try await connection.execute(Self.appendBatchStatement, parameters).first?
                .decodeIfPresent("last_position")
        } catch let error as PostgresError where error.code == .uniqueViolation || error.code == .missingPredecessor {
            // A version without its predecessor means the streams moved since they were read.
            throw EventStoreError.raced
        }
    }

    private static let readTouchedStreamsStatement = PreparedStatement(
        name: "ledger_read_touched_streams",
        sql: """
            select \(columns) from ledger.events
             where stream_id = any ($1::text[]) or split_part(stream_id, '-', 1) = $2
             order by stream_id, stream_version
            """
    )

    private static let matchManyStatement = PreparedStatement(
        name: "ledger_match_events",
        sql: """
            select t.n, e.stream_id = t.stream_id and e.type = t.type and e.data = t.data
                        and (not $6::boolean or e.occurred_at = t.occurred_at) as same,
                   e.stream_version, e.global_position
              from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
                   with ordinality as t(event_id, stream_id, type, data, occurred_at, n)
              join ledger.events e on e.event_id = t.event_id
            """
    )

    private static let appendBatchStatement = PreparedStatement(
        name: "ledger_append_batch",
        sql: """
            select ledger.append_batch($1::text[], $2::integer[], $3::uuid[], $4::text[], $5::integer[],
                                       $6::jsonb[], $7::timestamptz[], $8::text[], $9::text[]) as last_position
            """
    )

    private static let readStreamsThroughStatement = PreparedStatement(
        name: "ledger_read_streams_through",
        sql: """
            select \(columns) from ledger.events
             where stream_id = any($1::text[])
               and (transaction_id, global_position) <= ($2::text::xid8, $3::int8)
             order by stream_id, stream_version
            """
    )
}
