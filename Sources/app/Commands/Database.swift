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
    private let startedCluster: EmbeddedCluster?

    static func open(_ options: DatabaseOptions, logger: Logger, maximumConnections: Int = 8) async throws -> Database {
        let migrator = Migrator(migrations: try Migration.load(from: options.migrationsURL), logger: logger)
        let url: String
        var started: EmbeddedCluster?
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"], !configured.isEmpty {
            url = configured
        } else {
            let cluster = EmbeddedCluster.project(root: options.rootURL, logger: logger)
            if try cluster.start() { started = cluster }
            try await DatabaseAdmin.createDatabase("ledger", url: cluster.url(database: "postgres"))
            url = cluster.url(database: "ledger")
        }
        let pool = ConnectionPool(url: url, maximumConnections: maximumConnections, logger: logger)
        return Database(pool: pool, store: EventStore(pool: pool, logger: logger), migrator: migrator, startedCluster: started)
    }

    /// Closes the pool and stops the embedded cluster if this process started it.
    func close() async {
        await pool.close()
        try? startedCluster?.stop()
    }
}
