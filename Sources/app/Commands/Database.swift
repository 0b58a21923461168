import Events
import Foundation
import Logging

/// The database a command works on: `DATABASE_URL`, or the embedded cluster under `.data/`.
///
/// When this process started the embedded cluster it stops it again in ``close()``; a
/// cluster that was already running (another `app` process) is left running.
struct Database {
    let pool: ConnectionPool
    let store: EventStore
    let migrator: Migrator
    /// The `.data/` directory when the embedded cluster is in use, nil with `DATABASE_URL`.
    let embeddedDataDirectory: URL?
    private let startedCluster: EmbeddedCluster?

    /// Opens the pool; `bounded` (the server) gives it ``WaitBounds`` from the environment,
    /// otherwise (batch commands, whose statements may rightly run long) it gets keepalives
    /// only and waits for a free connection without a deadline. `asOwner` (only `migrate`)
    /// works as the connecting user; every other command works as ``appRole``.
    static func open(
        _ options: DatabaseOptions, logger: Logger, maximumConnections: Int = 8, bounded: Bool = false, asOwner: Bool = false
    ) async throws -> Database {
        let migrator = Migrator(migrations: try Migration.load(from: options.migrationsURL), logger: logger)
        let url: String
        var started: EmbeddedCluster?
        var dataDirectory: URL?
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"], !configured.isEmpty {
            url = configured
        } else {
            let cluster = EmbeddedCluster.project(root: options.rootURL, logger: logger)
            if try cluster.start() { started = cluster }
            dataDirectory = options.rootURL.appendingPathComponent(".data")
            try await DatabaseAdmin.createDatabase("ledger", url: cluster.url(database: "postgres"))
            url = cluster.url(database: "ledger")
        }
        let bounds = bounded ? try WaitBounds(environment: ProcessInfo.processInfo.environment) : WaitBounds.unbounded
        let pool = try await connect(
            url: url, bounds: bounds, maximumConnections: maximumConnections, asOwner: asOwner, logger: logger)
        return Database(
            pool: pool, store: EventStore(pool: pool, logger: logger), migrator: migrator,
            embeddedDataDirectory: dataDirectory, startedCluster: started
        )
    }

    /// The pool a command works through: as ``appRole`` where the connecting user may act
    /// as it (migration 0008 lets the migrating user), so neither the server nor a replay
    /// holds the schema owner's rights; appends then go only through the `ledger`
    /// functions. Where the role is missing it works as the connecting user, and says so.
    static func connect(
        url: String, database: String? = nil, bounds: WaitBounds, maximumConnections: Int, asOwner: Bool, logger: Logger
    ) async throws -> ConnectionPool {
        var role: String?
        if !asOwner {
            if try await mayActAsAppRole(url: url, database: database, session: bounds.session) {
                role = appRole
            } else {
                logger.warning("the database has no usable \(appRole) role (run migrate as a user that may create roles); working as the connecting user")
            }
        }
        return ConnectionPool(
            url: url, database: database, maximumConnections: maximumConnections, sessionRole: role,
            session: bounds.session, leaseTimeout: bounds.leaseTimeout, logger: logger)
    }

    /// A database on an existing pool (tests, and servers given a URL).
    init(pool: ConnectionPool, migrator: Migrator, logger: Logger) {
        self.init(pool: pool, store: EventStore(pool: pool, logger: logger), migrator: migrator,
                  embeddedDataDirectory: nil, startedCluster: nil)
    }

    private init(
        pool: ConnectionPool, store: EventStore, migrator: Migrator, embeddedDataDirectory: URL?,
        startedCluster: EmbeddedCluster?
    ) {
        self.pool = pool
        self.store = store
        self.migrator = migrator
        self.embeddedDataDirectory = embeddedDataDirectory
        self.startedCluster = startedCluster
    }

    /// The role every command but `migrate` works as (created by migration 0004).
    static let appRole = "ledger_app"

    private static func mayActAsAppRole(url: String, database: String?, session: SessionSettings) async throws -> Bool {
        let connection = try await PostgresConnection.connect(url: url, database: database, session: session)
        let rows: [PostgresRow]
        do {
            rows = try await connection.query(
                "select pg_has_role(current_user, oid, 'MEMBER') as usable from pg_roles where rolname = $1", [appRole])
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return try rows.first?.decode("usable", as: Bool.self) ?? false
    }

    /// Closes the pool and stops the embedded cluster if this process started it.
    func close() async {
        await pool.close()
        try? startedCluster?.stop()
    }
}
