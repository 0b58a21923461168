public import Events
public import Foundation
public import Logging
import Testing

/// A fresh, migrated database for one test suite, dropped when the suite ends.
public struct TestDatabase: Sendable {
    /// The server's URL.
    public let url: String
    /// This suite's database name, replacing the URL's.
    public let name: String
    /// A pool on this database.
    public let pool: ConnectionPool
    /// The event store on this database.
    public let store: EventStore

    /// The database of the suite the current test runs in (see ``DatabaseTrait``).
    @TaskLocal public static var current: TestDatabase?

    /// The current suite's database; fails the test when the suite lacks `.database`.
    public static func require() throws -> TestDatabase {
        try #require(current, "the suite needs the .database trait")
    }

    /// Creates a new database with a unique name, migrated unless `migrate` is false.
    public static func create(migrate: Bool = true) async throws -> TestDatabase {
        let url = try await TestServer.url()
        let name = "ledger_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await DatabaseAdmin.createDatabase(name, url: url)
        let logger = Logger(label: "test")
        let pool = ConnectionPool(url: url, database: name, maximumConnections: 12, logger: logger)
        let database = TestDatabase(url: url, name: name, pool: pool, store: EventStore(pool: pool, logger: logger))
        if migrate { try await database.migrate() }
        return database
    }

    /// Applies the migrations numbered up to `lastVersion` (all by default) that have not run.
    public func migrate(through lastVersion: Int = .max) async throws {
        let logger = Logger(label: "test")
        let migrations = try Migration.load(from: Self.migrationsDirectory).filter { $0.version <= lastVersion }
        let migrator = Migrator(migrations: migrations, logger: logger)
        try await Self.oneMigrationAtATime(url: url) { () async throws -> Void in
            _ = try await pool.withConnection { connection in try await migrator.migrate(on: connection) }
        }
    }

    /// Runs `migrate` while holding a lock in the server's maintenance database.
    ///
    /// Migrations grant cluster-wide role memberships (`grant pg_read_all_stats to
    /// ledger_app`); two suites migrating their own databases at the same moment can both
    /// insert the same membership and one fails with 23505. A deployment migrates its one
    /// database once; parallel suites (and parallel test runs) take turns.
    private static func oneMigrationAtATime(url: String, _ migrate: () async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(url: url)
        do {
            try await connection.query("select pg_advisory_lock(hashtext('ledger test migrations'))")
            try await migrate()
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// Opens a connection of its own to this database (not from the pool).
    public func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(url: url, database: name)
    }

    /// Closes the pool and drops the database.
    public func drop() async {
        await pool.close()
        do {
            try await DatabaseAdmin.dropDatabase(name, url: url)
        } catch {
            Issue.record("could not drop test database \(name): \(String(reflecting: error))")
        }
    }

    /// The repository's root directory.
    public static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The repository's `sql/` directory.
    public static let migrationsDirectory = projectRoot.appendingPathComponent("sql")
}
