public import Logging

/// Applies numbered SQL migrations in order, each in its own transaction, and records
/// each with a checksum in `ledger.schema_migrations`.
///
/// Concurrent migrators are serialised by an advisory lock, so two processes starting
/// at once apply each file exactly once.
public struct Migrator: Sendable {
    /// The migrations this build knows.
    public let migrations: [Migration]
    private let logger: Logger

    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every pending migration; returns the names applied (empty when up to date).
    ///
    /// Refuses to run when an applied file has changed.
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [String] {
        try await prepareTable(on: connection)
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await connection.withTransaction {
                try await connection.query("select pg_advisory_xact_lock(hashtext('ledger.schema_migrations'))")
                let state = try await appliedChecksums(on: connection)
                let checksum = try await checksum(of: migration, on: connection)
                if let stored = state[migration.version] {
                    guard stored.checksum == checksum else { throw MigrationError.changed([stored.name]) }
                    return false
                }
                logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
                try await connection.run(script: migration.script)
                try await connection.query(
                    "insert into ledger.schema_migrations (version, name, checksum) values ($1, $2, $3)",
                    [migration.version, migration.name, checksum]
                )
                return true
            }
            if didApply { applied.append(migration.name) }
        }
        return applied
    }

    /// Throws ``MigrationError`` unless every known migration is applied unchanged.
    public func checkUpToDate(on connection: PostgresConnection) async throws {
        let exists = try await connection.query("select to_regclass('ledger.schema_migrations') is not null as present")
        guard try exists.first?.decode("present", as: Bool.self) == true else {
            throw MigrationError.pending(migrations.map(\.name))
        }
        let state = try await appliedChecksums(on: connection)
        var changed: [String] = []
        var pending: [String] = []
        for migration in migrations {
            if let stored = state[migration.version] {
                if try await stored.checksum != checksum(of: migration, on: connection) { changed.append(stored.name) }
            } else {
                pending.append(migration.name)
            }
        }
        let known = Set(migrations.map(\.version))
        let unknown = state.filter { !known.contains($0.key) }.map(\.value.name).sorted()
        if !changed.isEmpty { throw MigrationError.changed(changed) }
        if !unknown.isEmpty { throw MigrationError.unknownApplied(unknown) }
        if !pending.isEmpty { throw MigrationError.pending(pending) }
    }

    private func prepareTable(on connection: PostgresConnection) async throws {
        try await connection.withTransaction {
            try await connection.query("select pg_advisory_xact_lock(hashtext('ledger.schema_migrations'))")
            try await connection.run(script: """
                create schema if not exists ledger;
                create table if not exists ledger.schema_migrations (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                );
                """)
        }
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: (name: String, checksum: String)] {
        let rows = try await connection.query("select version, name, checksum from ledger.schema_migrations")
        var state: [Int: (name: String, checksum: String)] = [:]
        for row in rows {
            state[try row.decode("version")] = (try row.decode("name"), try row.decode("checksum"))
        }
        return state
    }

    /// SHA-256 of the file's text, computed by the server so no hashing code is needed here.
    private func checksum(of migration: Migration, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "select encode(sha256(convert_to($1, 'UTF8')), 'hex') as checksum", [migration.script]
        )
        return try rows.first?.decode("checksum") ?? ""
    }
}
