import Events
import Hummingbird
import Logging
import Projections

/// The admin routes: `GET /admin/projections` (each projection version's state,
/// checkpoint, lag and parked streams) and `GET /admin/verification` (the log's check and
/// the station digests).
struct AdminController {
    let monitor: ProjectionMonitor
    let store: EventStore
    let logger: Logger

    /// The answer: one entry per projection version.
    struct Projections: ResponseEncodable {
        let projections: [ProjectionStatus]
    }

    /// What `GET /admin/verification` answers: what `app verify` prints.
    struct Verification: ResponseEncodable {
        /// One thing found wrong.
        struct Finding: Encodable {
            let streamId: String
            let problem: String
        }

        let asOfPosition: Int64
        let events: Int
        let streams: Int
        /// Empty when the log is sound.
        let findings: [Finding]
        let digests: [StationDigest]

        init(_ report: LogVerifier.Report) {
            asOfPosition = report.asOfPosition
            events = report.events
            streams = report.streams
            findings = report.findings.map { Finding(streamId: $0.streamId, problem: $0.problem) }
            digests = report.digests
        }
    }

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("projections") { _, context in
            try context.requireIdentity().require(.admin)
            return Projections(projections: try await monitor.status())
        }
        group.get("verification") { request, context in
            try context.requireIdentity().require(.admin)
            let positions = request.uri.queryParameters.getAll("asOfPosition")
            var asOf: Int64?
            if let text = positions.first {
                guard positions.count == 1, let position = Int64(text), position >= 0 else {
                    throw Problem.badRequest("asOfPosition must be one whole number, a global position", field: "asOfPosition")
                }
                asOf = position
            }
            return Verification(try await LogVerifier(store: store, logger: logger).verify(asOfPosition: asOf))
        }
    }
}
