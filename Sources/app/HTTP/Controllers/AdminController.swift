import Events
import Hummingbird
import Projections

/// `GET /admin/projections`: each projection version's state, checkpoint, lag and parked streams.
struct AdminController {
    let monitor: ProjectionMonitor

    /// The answer: one entry per projection version.
    struct Projections: ResponseEncodable {
        let projections: [ProjectionStatus]
    }

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("projections") { _, context in
            try context.requireIdentity().require(.admin)
            return Projections(projections: try await monitor.status())
        }
    }
}
