import Events

/// The versions of each projection in `projections.versions`: which one serves, which one
/// a replay is building, and each one's checkpoint.
enum ProjectionCatalog {
    /// One row of `projections.versions`.
    struct Version: Sendable, Equatable {
        var projection: Projection
        var version: Int
        var state: String
        var cursor: LogCursor
        var eventsApplied: Int64
        /// The last stream a rebuild's snapshot load wrote; nil before the first.
        var snapshotAfter: String?
        /// False while a rebuild is still loading its snapshot.
        var snapshotComplete: Bool
    }

    /// Creates version 1 of every projection that has no active version yet, and its views;
    /// adds the aggregates an active version made before them lacks.
    static func install(on connection: PostgresConnection) async throws {
        try await connection.withTransaction {
            try await connection.query("select pg_advisory_xact_lock(hashtext('ledger.projections.install'))")
            for projection in Projection.allCases {
                let existing = try await connection.query(
                    "select version from projections.versions where projection = $1 and state = 'active'", [projection.rawValue])
                if let active = existing.first {
                    try await addMissingAggregates(projection, version: try active.decode("version"), on: connection)
                    continue
                }
                let version = try await nextVersion(projection, on: connection)
                try await connection.run(script: ReadModelSchema.createTables(projection, version: version))
                try await connection.run(script: ReadModelSchema.createIndexes(projection, version: version))
                try await connection.query(
                    "insert into projections.versions (projection, version, state) values ($1, $2, 'active')",
                    [projection.rawValue, version])
                try await connection.run(script: ReadModelSchema.pointViews(projection, version: version))
            }
        }
    }

    /// Creates and fills the aggregates of a version made before they existed (they are
    /// derived from its case rows), adds the indexes that came with them, and points their
    /// views at it.
    private static func addMissingAggregates(_ projection: Projection, version: Int, on connection: PostgresConnection) async throws {
        let missing = try await connection.query(
            "select 1 from unnest($1::text[]) t(name) where to_regclass(t.name) is null",
            [PostgresArray(projection.model.aggregates.map { $0.schema.table(version: version) })])
        guard !missing.isEmpty else { return }
        // A version whose tables another role owns cannot be given them here; its answers
        // then read the case rows until a replay builds the next version.
        try await connection.query("savepoint ledger_aggregates")
        do {
            try await connection.run(script: ReadModelSchema.createTables(projection, version: version))
            try await connection.run(script: ReadModelSchema.createIndexes(projection, version: version))
            try await connection.run(script: ReadModelSchema.buildAggregates(projection, version: version))
            try await connection.run(script: ReadModelSchema.pointViews(projection, version: version))
            try await connection.query("release savepoint ledger_aggregates")
        } catch let error as PostgresError where error.code == insufficientPrivilege {
            try await connection.query("rollback to savepoint ledger_aggregates")
        }
    }

    /// SQLSTATE 42501: the role may not change a table (it does not own it).
    private static let insufficientPrivilege: SQLState = "42501"

    /// The active version, locked for this transaction so a replay cannot switch under it;
    /// nil while a switch is committing.
    static func lockActive(_ projection: Projection, on connection: PostgresConnection) async throws -> Version? {
        try await connection.query(select + " where projection = $1 and state = 'active' for update", [projection.rawValue])
            .first.map(version)
    }

    /// The version a replay is building, if one was started and not switched in.
    static func building(_ projection: Projection, on connection: PostgresConnection) async throws -> Version? {
        try await connection.query(select + " where projection = $1 and state = 'building'", [projection.rawValue])
            .first.map(version)
    }

    /// The projections whose serving version lacks a column this code writes (a release
    /// that changed its tables, e.g. definitionsVersion 2's alert figures): no event can
    /// be applied to them, and only a replay into new tables brings them up to date.
    static func outdated(on connection: PostgresConnection) async throws -> [Projection] {
        var outdated: [Projection] = []
        for version in try await current(on: connection) where version.state == "active" {
            let model = version.projection.model
            for table in model.tables + model.aggregates.map(\.schema) {
                let present = try await connection.query(
                    "select attname::text as name from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped",
                    [table.table(version: version.version)]
                ).map { try $0.decode("name", as: String.self) }
                if !present.isEmpty, !Set(table.columns.map(\.name)).isSubset(of: Set(present)) {
                    outdated.append(version.projection)
                    break
                }
            }
        }
        return outdated
    }

    /// Every version that is active or building.
    static func current(on connection: PostgresConnection) async throws -> [Version] {
        try await connection.query(select + " where state in ('active', 'building') order by projection, version")
            .map(version)
    }

    /// Creates the tables of a new building version (without secondary indexes, which
    /// ``completeSnapshot(_:on:)`` adds after the bulk load), starting at the beginning of the log.
    static func startBuilding(_ projection: Projection, on connection: PostgresConnection) async throws -> Version {
        try await connection.withTransaction {
            let version = try await nextVersion(projection, on: connection)
            try await connection.run(script: ReadModelSchema.createTables(projection, version: version))
            try await connection.query(
                "insert into projections.versions (projection, version, state, snapshot_complete) values ($1, $2, 'building', false)",
                [projection.rawValue, version])
            return Version(
                projection: projection, version: version, state: "building", cursor: .start, eventsApplied: 0,
                snapshotAfter: nil, snapshotComplete: false)
        }
    }

    /// Records snapshot progress, in the caller's transaction: the rows of every stream up
    /// to `streamId` are loaded. The checkpoint stays at the first snapshot's cursor, so
    /// catching up from it re-derives whatever changed while the load ran or was resumed.
    static func recordSnapshot(_ version: Version, after streamId: String, applied: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update projections.versions
               set snapshot_after = $3, events_applied = events_applied + $4, updated_at = now()
             where projection = $1 and version = $2
            """,
            [version.projection.rawValue, version.version, streamId, applied])
    }

    /// Adds the secondary indexes, stores the rows in the order the statistics read them,
    /// gathers planner statistics and marks the snapshot loaded; the version then
    /// continues from its checkpoint like any other.
    static func completeSnapshot(_ version: Version, on connection: PostgresConnection) async throws {
        try await connection.withTransaction {
            try await connection.run(script: ReadModelSchema.createIndexes(version.projection, version: version.version))
            try await connection.run(script: ReadModelSchema.storeInOrder(version.projection, version: version.version))
            try await connection.run(script: ReadModelSchema.buildAggregates(version.projection, version: version.version))
            try await connection.run(script: ReadModelSchema.analyze(version.projection, version: version.version))
            try await connection.query(
                "update projections.versions set snapshot_complete = true, updated_at = now() where projection = $1 and version = $2",
                [version.projection.rawValue, version.version])
        }
    }

    /// Moves a version's checkpoint, in the caller's transaction.
    static func advance(_ version: Version, to cursor: LogCursor, applied: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update projections.versions
               set transaction_id = $3::text::xid8, global_position = $4, events_applied = events_applied + $5,
                   updated_at = now()
             where projection = $1 and version = $2
            """,
            [version.projection.rawValue, version.version, cursor.transactionId, cursor.globalPosition, applied])
    }

    /// Makes `building` the active version and points the views at it, in the caller's
    /// transaction, which must hold the active version's row lock.
    static func activate(_ building: Version, replacing active: Version, on connection: PostgresConnection) async throws {
        try await connection.query(
            "update projections.versions set state = 'retired', updated_at = now() where projection = $1 and version = $2",
            [active.projection.rawValue, active.version])
        try await connection.query(
            "update projections.versions set state = 'active', updated_at = now() where projection = $1 and version = $2",
            [building.projection.rawValue, building.version])
        try await connection.run(script: ReadModelSchema.pointViews(building.projection, version: building.version))
    }

    /// Drops the tables of retired versions; readers no longer reach them through the views.
    static func dropRetired(_ projection: Projection, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "select version from projections.versions where projection = $1 and state = 'retired'", [projection.rawValue])
        for row in rows {
            let version: Int = try row.decode("version")
            // One table per transaction: holding one dropped table's exclusive lock while
            // waiting for the next would deadlock with an answer that read the second and
            // then reads the first. Dropping is idempotent, so a crash part-way leaves the
            // version retired and the next replay drops the rest.
            for statement in ReadModelSchema.dropTables(projection, version: version) {
                try await connection.run(script: statement)
            }
            try await connection.withTransaction {
                try await connection.query(
                    "delete from projections.versions where projection = $1 and version = $2", [projection.rawValue, version])
                try await connection.query(
                    "delete from projections.parked_streams where projection = $1 and version = $2", [projection.rawValue, version])
            }
        }
    }

    private static func nextVersion(_ projection: Projection, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "select coalesce(max(version), 0) + 1 as next from projections.versions where projection = $1",
            [projection.rawValue]
        ).first?.decode("next") ?? 1
    }

    private static let select = """
        select projection, version, state, transaction_id::text as transaction_text, global_position, events_applied,
               snapshot_after, snapshot_complete
          from projections.versions
        """

    private static func version(_ row: PostgresRow) throws -> Version {
        let name: String = try row.decode("projection")
        guard let projection = Projection(rawValue: name) else {
            throw ProjectionError.unknownProjection(name)
        }
        return Version(
            projection: projection, version: try row.decode("version"), state: try row.decode("state"),
            cursor: LogCursor(transactionId: try row.decode("transaction_text"), globalPosition: try row.decode("global_position")),
            eventsApplied: try row.decode("events_applied"), snapshotAfter: try row.decodeIfPresent("snapshot_after"),
            snapshotComplete: try row.decode("snapshot_complete"))
    }
}
