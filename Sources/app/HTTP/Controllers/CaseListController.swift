import Events
import Hummingbird
import Projections

/// `GET /disputes` and `GET /alerts`: the case lists of the caller's stations.
struct CaseListController {
    let lists: CaseLists

    func addRoutes(disputes: RouterGroup<LedgerRequestContext>, alerts: RouterGroup<LedgerRequestContext>) {
        disputes.get { request, context in
            let query = try query(request, context, statuses: DisputeStatus.allCases.map(\.rawValue))
            return JSONAnswer(try await lists.disputes(query))
        }
        alerts.get { request, context in
            let query = try query(request, context, statuses: AlertStatus.allCases.map(\.rawValue))
            return JSONAnswer(try await lists.alerts(query))
        }
    }

    private func query(_ request: Request, _ context: LedgerRequestContext, statuses: [String]) throws -> CaseListQuery {
        let identity = try context.requireIdentity()
        let pairs = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        var query = try CaseListQuery(parameters: QueryParameters(pairs.filter { $0.0 != "stationId" }), allowedStatuses: statuses)
        query.stationIds = try identity.scope(requested: pairs.filter { $0.0 == "stationId" }.map(\.1))
        return query
    }
}
