import Events
import Hummingbird
import Prometheus
import NIOCore
import Projections

/// `GET /metrics`: request counts and latencies by route and status, appended events,
/// projection lag and the age of the oldest open transaction, in Prometheus text format.
struct MetricsController {
    let monitor: ProjectionMonitor
    let pool: ConnectionPool

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/metrics") { _, _ in
            // Lag is read at scrape time; a scrape while the database is down still shows
            // the request figures.
            if let statuses = try? await monitor.status() {
                for status in statuses where status.state == "active" {
                    AppMetrics.recordLag(status.lag, parked: status.parked.count, projection: status.projection)
                }
            }
            if let age = try? await pool.oldestTransactionAge() {
                AppMetrics.recordOldestTransaction(seconds: age)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: AppMetrics.registry.emitToBuffer()))
            )
        }
    }
}
