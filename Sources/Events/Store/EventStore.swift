import Foundation
public import Logging

/// The append-only event log in PostgreSQL: appends with version checks, stream reads
/// and gap-free reads of the whole log.
public struct EventStore: Sendable {
    /// The NOTIFY channel every append signals on commit.
    public static let notificationChannel = "ledger_events"

    /// The connections the store uses.
    public let pool: ConnectionPool
    private let logger: Logger

    public init(pool: ConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Appends events to one stream if it is at `expected`, in one round trip.
    ///
    /// Re-sending events whose ids are all stored with the same content returns the
    /// original positions with `isRepeat` set; reusing an id with other content throws
    /// ``EventStoreError/eventIdConflict``.
    public func append(_ events: [NewEvent], to streamId: String, expected: ExpectedVersion) async throws -> AppendResult {
        try await pool.withConnection { connection in
            do {
                return try await append(events, to: streamId, expected: expected, on: connection)
            } catch let error as EventStoreError where error.code == .raced {
                // A concurrent writer stored the same event id (or, a bulk import, the same
                // version) first; asking again answers as a repeat, a conflict or a
                // version mismatch with the current version.
                return try await append(events, to: streamId, expected: expected, on: connection)
            }
        }
    }

    /// Appends on a connection the caller holds, inside the caller's transaction if any.
    ///
    /// Unlike ``append(_:to:expected:)`` it does not ask again when a concurrent writer
    /// stored the same event id or version first: inside a transaction that error aborts
    /// the whole transaction, which only its owner can retry (``EventStoreError/raced``).
    public func append(
        _ events: [NewEvent], to streamId: String, expected: ExpectedVersion, on connection: PostgresConnection
    ) async throws -> AppendResult {
        guard let stationId = events.first?.stationId else {
            throw EventStoreError.invalidAppend("an append needs at least one event")
        }
        guard events.allSatisfy({ $0.stationId == stationId }) else {
            throw EventStoreError.invalidAppend("all events of one append must belong to one station")
        }
        let events = try await PartySealer.seal(events.map { (streamId, $0) }, on: connection)
        let parameters: [(any PostgresBindable)?] = [
            streamId,
            Self.expectedParameter(expected),
            PostgresArray(events.map(\.eventId)),
            PostgresArray(events.map(\.type)),
            PostgresArray(events.map(\.schemaVersion)),
            PostgresArray(events.map { JSONText($0.data) }),
            PostgresArray(events.map(\.occurredAt)),
            PostgresArray(events.map(\.actor)),
            stationId,
        ]
        return try await runAppend(parameters, streamId: streamId, on: connection)
    }

    /// All events of a stream in version order; empty when the stream does not exist.
    public func readStream(_ streamId: String) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await connection.execute(Self.readStreamStatement, [streamId]).map(Self.recordedEvent)
        }
    }

    /// All events of every stream of `category` (e.g. `station`), in log order.
    public func readCategory(_ category: String) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await connection.execute(Self.readCategoryStatement, [category]).map(Self.recordedEvent)
        }
    }

    /// Up to `limit` events in (stream id, version) order after the given stream and
    /// version: the whole log stream by stream, for checks that need whole streams.
    public func readStreams(after: (streamId: String, version: Int), limit: Int) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await connection.execute(Self.readStreamsStatement, [after.streamId, after.version, limit]).map(Self.recordedEvent)
        }
    }

    /// Whether `event`'s id is already stored, and if so whether with the same content
    /// (its parties compared sealed, as stored; its `occurredAt` included when `comparingTime`).
    ///
    /// Lets a caller answer an idempotent retry before re-checking rules that the first
    /// attempt changed (a repeated "log this dispute" must not fail as "already logged").
    public func match(_ event: NewEvent, streamId: String, comparingTime: Bool) async throws -> StoredMatch {
        try await match([(streamId, event)], comparingTimes: comparingTime).first ?? .absent
    }

    /// Up to `limit` committed events after `cursor`, in cursor order, never skipping
    /// one that a slower concurrent transaction commits later.
    public func readAll(after cursor: LogCursor, limit: Int) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await readAll(after: cursor, limit: limit, on: connection)
        }
    }

    /// ``readAll(after:limit:)`` on a connection the caller holds.
    public func readAll(after cursor: LogCursor, limit: Int, on connection: PostgresConnection) async throws -> [RecordedEvent] {
        try await connection.execute(
            Self.readAllStatement, [cursor.transactionId, cursor.globalPosition, limit]
        ).map(Self.recordedEvent)
    }

    /// The highest global position stored so far (0 for an empty log).
    public func headPosition() async throws -> Int64 {
        try await pool.withConnection { connection in
            try await connection.execute(Self.headStatement).first?.decode("head") ?? 0
        }
    }

    // MARK: - Statements

    private func runAppend(
        _ parameters: [(any PostgresBindable)?], streamId: String, on connection: PostgresConnection
    ) async throws -> AppendResult {
        do {
            let rows = try await connection.execute(Self.appendStatement, parameters)
            let entries = try rows.map { row in
                AppendResult.Entry(
                    eventId: try row.decode("event_id"),
                    streamVersion: try row.decode("stream_version"),
                    globalPosition: try row.decode("global_position")
                )
            }
            let isRepeat = try rows.first?.decode("repeated", as: Bool.self) ?? false
            return AppendResult(streamId: streamId, entries: entries, isRepeat: isRepeat)
        } catch let error as PostgresError where error.code == .wrongExpectedVersion {
            throw EventStoreError.wrongExpectedVersion(current: error.serverDetail.flatMap { Int($0) } ?? 0)
        } catch let error as PostgresError where error.code == .eventIdConflict {
            throw EventStoreError.eventIdConflict
        } catch let error as PostgresError where error.code == .uniqueViolation {
            throw EventStoreError.raced
        }
    }

    private static func expectedParameter(_ expected: ExpectedVersion) -> (any PostgresBindable)? {
        switch expected {
        case .any: nil
        case .noStream: 0
        case .exact(let version): version
        }
    }

    /// The columns every read selects, in the shape ``recordedEvent(_:)`` reads.
    static let columns = """
        global_position, transaction_id::text as transaction_text, event_id, stream_id, stream_version, type,
        schema_version, data::text as data, actor, station_id,
        (extract(epoch from occurred_at) * 1000000)::int8 as occurred_micros,
        (extract(epoch from recorded_at) * 1000000)::int8 as recorded_micros
        """

    private static let appendStatement = PreparedStatement(
        name: "ledger_append_events",
        sql: """
            select event_id, stream_version, global_position, repeated
              from ledger.append_events($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::jsonb[],
                                        $7::timestamptz[], $8::text[], $9)
            """
    )

    private static let readStreamStatement = PreparedStatement(
        name: "ledger_read_stream",
        sql: "select \(columns) from ledger.events where stream_id = $1 order by stream_version"
    )

    private static let readCategoryStatement = PreparedStatement(
        name: "ledger_read_category",
        sql: "select \(columns) from ledger.events where split_part(stream_id, '-', 1) = $1 order by global_position"
    )

    private static let readStreamsStatement = PreparedStatement(
        name: "ledger_read_streams",
        sql: """
            select \(columns) from ledger.events
             where (stream_id, stream_version) > ($1, $2::integer)
             order by stream_id, stream_version
             limit $3
            """
    )

    private static let readAllStatement = PreparedStatement(
        name: "ledger_read_all",
        sql: """
            select \(columns) from ledger.events
             where (transaction_id, global_position) > ($1::text::xid8, $2::int8)
               and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
             order by transaction_id, global_position
             limit $3
            """
    )

    private static let headStatement = PreparedStatement(
        name: "ledger_head_position",
        sql: "select coalesce(max(global_position), 0) as head from ledger.events"
    )

    /// One selected row as a ``RecordedEvent``.
    static func recordedEvent(_ row: PostgresRow) throws -> RecordedEvent {
        RecordedEvent(
            globalPosition: try row.decode("global_position"),
            transactionId: try row.decode("transaction_text"),
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
