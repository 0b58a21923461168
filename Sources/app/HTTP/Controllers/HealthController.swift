import Events
import Hummingbird
import Projections

/// `GET /health` (the process answers) and `GET /ready` (the database answers, its schema
/// is this build's, and the projections are within 5 s of the log; parked streams are
/// named in the answer, which stays ready because every other stream is served).
struct HealthController {
    let pool: ConnectionPool
    let migrator: Migrator
    let monitor: ProjectionMonitor

    struct Health: ResponseEncodable {
        let status: String
        /// Streams the projections set aside (`/admin/projections` lists them); only on `/ready`.
        var parkedStreams: Int? = nil
        /// What an operator should know, when something is parked.
        var detail: String? = nil
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }
        router.get("/ready") { _, _ in
            do {
                try await pool.withConnection { try await migrator.checkUpToDate(on: $0) }
            } catch let error as MigrationError {
                throw Problem(.serviceUnavailable, type: "not-ready", title: "Not ready", detail: error.description)
            }
            let behind = try await monitor.secondsBehind()
            guard behind <= 5 else {
                throw Problem(.serviceUnavailable, type: "not-ready", title: "Not ready",
                              detail: "the projections are \(Int(behind)) seconds behind the log")
            }
            let parked = try await monitor.parkedStreams().count
            return Health(
                status: "ready", parkedStreams: parked,
                detail: parked == 0 ? nil : "\(parked) stream(s) could not be applied and are parked; see /admin/projections")
        }
    }
}
