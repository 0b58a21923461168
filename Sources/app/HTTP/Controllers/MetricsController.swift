import Hummingbird
import Prometheus
import NIOCore
import Projections

/// `GET /metrics`: request counts and latencies by route and status, appended events and
/// projection lag, in Prometheus text format.
struct MetricsController {
    let statistics: Statistics

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/metrics") { _, _ in
            // Lag is read at scrape time; a scrape while the database is down still shows
            // the request figures.
            if let statuses = try? await statistics.projectionStatus() {
                for status in statuses { AppMetrics.recordLag(status.lag, projection: status.projection) }
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: AppMetrics.registry.emitToBuffer()))
            )
        }
    }
}
