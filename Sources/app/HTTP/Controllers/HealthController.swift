import Events
import Hummingbird

/// `GET /health` (the process answers) and `GET /ready` (the database answers and its
/// schema is this build's).
struct HealthController {
    let pool: ConnectionPool
    let migrator: Migrator

    struct Health: ResponseEncodable {
        let status: String
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }
        router.get("/ready") { _, _ in
            do {
                try await pool.withConnection { try await migrator.checkUpToDate(on: $0) }
            } catch let error as MigrationError {
                throw Problem(.serviceUnavailable, type: "not-ready", title: "Not ready", detail: error.description)
            }
            return Health(status: "ready")
        }
    }
}
