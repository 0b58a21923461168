import Events
import Hummingbird
import Projections

/// `GET /health` (the process answers) and `GET /ready` (the database answers, its schema
/// is this build's, and the projections are within 5 s of the log).
struct HealthController {
    let pool: ConnectionPool
    let migrator: Migrator
    let statistics: Statistics

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
            let behind = try await statistics.secondsBehind()
            guard behind <= 5 else {
                throw Problem(.serviceUnavailable, type: "not-ready", title: "Not ready",
                              detail: "the projections are \(Int(behind)) seconds behind the log")
            }
            return Health(status: "ready")
        }
    }
}
