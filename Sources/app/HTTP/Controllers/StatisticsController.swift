import Events
import Foundation
import Hummingbird
import Projections

/// `/stats/*`: the figures of metrics.md, for supervisors and admins, read only from the
/// projections.
///
/// A token scoped to stations may only ask about those: a `stationId` outside them is a
/// 403, and a question naming no station is narrowed to the token's stations.
struct StatisticsController {
    let statistics: Statistics
    let monitor: ProjectionMonitor
    let store: EventStore

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("disputes") { request, context in
            let parameters = try await prepare(request, context)
            return JSONAnswer(try await statistics.disputes(DisputeStatsQuery(parameters: parameters)))
        }
        group.get("alerts") { request, context in
            let parameters = try await prepare(request, context)
            return JSONAnswer(try await statistics.alerts(AlertStatsQuery(parameters: parameters)))
        }
        group.get("compare") { request, context in
            let parameters = try await prepare(request, context)
            return JSONAnswer(try await statistics.compare(CompareQuery(parameters: parameters)))
        }
        group.get("quiet-days") { request, context in
            let parameters = try await prepare(request, context)
            return JSONAnswer(try await statistics.quietDays(QuietDaysQuery(parameters: parameters)))
        }
    }

    /// Checks role and stations, waits for `minPosition`, and returns the parameters to
    /// parse (station scope applied).
    private func prepare(_ request: Request, _ context: LedgerRequestContext) async throws -> QueryParameters {
        let identity = try context.requireIdentity()
        try identity.require(.supervisor, .admin)
        var pairs = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let scope = try identity.scope(requested: pairs.filter { $0.0 == "stationId" }.map(\.1))
        pairs.removeAll { $0.0 == "stationId" }
        pairs += (scope ?? []).map { ("stationId", $0) }
        let positions = pairs.filter { $0.0 == "minPosition" }.map(\.1)
        pairs.removeAll { $0.0 == "minPosition" }
        if let text = positions.first {
            guard positions.count == 1, let position = Int64(text), position >= 0 else {
                throw Problem.badRequest("minPosition must be one whole number, a global position", field: "minPosition")
            }
            // A position the log has not reached yet was never handed to a client: waiting
            // for it could only end in a 503.
            let head = try await store.headPosition()
            guard position <= head else {
                throw Problem.unprocessable("minPosition \(position) is beyond the newest event, at \(head)", field: "minPosition")
            }
            try await monitor.waitForPosition(position)
        }
        return QueryParameters(pairs)
    }
}

/// Any encodable answer of a library type, sent as JSON with the context's encoder.
struct JSONAnswer<Value: Encodable & Sendable>: ResponseEncodable {
    let value: Value

    init(_ value: Value) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
