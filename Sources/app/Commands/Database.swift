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

    /// Opens the pools; `bounded` (the server) gives them ``WaitBounds`` from the
    /// environment, otherwise (batch commands, whose statements may rightly run long) they
    /// get keepalives only and wait for a free connection without a deadline.
    static func open(_ options: DatabaseOptions, logger: Logger, maximumConnections: Int = 8, bounded: Bool = false) async throws -> Database {
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
        let pool = ConnectionPool(url: url, maximumConnections: maximumConnections, session: bounds.session,
                                  leaseTimeout: bounds.leaseTimeout, logger: logger)
        // The event store works as ledger_app where the database allows it, so the server
        // itself holds no UPDATE or DELETE right on the log.
        var storePool = pool
        if try await mayActAsAppRole(pool) {
            storePool = ConnectionPool(url: url, maximumConnections: maximumConnections, sessionRole: appRole,
                                       session: bounds.session, leaseTimeout: bounds.leaseTimeout, logger: logger)
        }
        return Database(
            pool: pool, store: EventStore(pool: storePool, logger: logger), migrator: migrator,
            embeddedDataDirectory: dataDirectory, startedCluster: started
        )
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

    /// The role the event store works as (created by migration 0004).
    static let appRole = "ledger_app"

    private static func mayActAsAppRole(_ pool: ConnectionPool) async throws -> Bool {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                "select pg_has_role(current_user, oid, 'MEMBER') as usable from pg_roles where rolname = $1", [appRole])
        }
        return try rows.first?.decode("usable", as: Bool.self) ?? false
    }

    /// Closes the pool and stops the embedded cluster if this process started it.
    func close() async {
        await pool.close()
        if store.pool !== pool { await store.pool.close() }
        try? startedCluster?.stop()
    }
}
