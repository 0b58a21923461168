import Events
import Projections
import Hummingbird
import Logging
import ServiceLifecycle

/// What the HTTP application needs to know from its command line (tests pass their own).
protocol AppArguments {
    var host: String { get }
    var port: Int { get }
}

/// Builds the HTTP application on an open database, with `services` (the projector) and
/// the token revocation listener started and stopped alongside the server.
func buildApplication(
    _ arguments: some AppArguments, database: Database, openAPI: OpenAPIController, web: WebController,
    services: [any Service] = [], logger: Logger
) async throws -> some ApplicationProtocol {
    let tokenCache = TokenCache()
    return Application(
        router: buildRouter(database: database, openAPI: openAPI, web: web, tokenCache: tokenCache, logger: logger),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "ledger"),
        services: services + [TokenRevocationListener(pool: database.pool, cache: tokenCache, logger: logger)],
        logger: logger
    )
}

/// The routes of the API, behind the problem and auth middleware, and the web pages
/// (`web`; a router for API tests alone may go without them); tokens are kept in
/// `tokenCache` while a ``TokenRevocationListener`` keeps it answering.
func buildRouter(
    database: Database, openAPI: OpenAPIController, web: WebController? = nil, tokenCache: TokenCache = TokenCache(),
    logger: Logger
) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    _ = AppMetrics.registry
    router.add(middleware: MetricsMiddleware())
    let statistics = Statistics(pool: database.pool, logger: logger)
    let monitor = ProjectionMonitor(pool: database.pool)
    HealthController(pool: database.pool, migrator: database.migrator, monitor: monitor).addRoutes(to: router)
    openAPI.addRoutes(to: router)
    web?.addRoutes(to: router)
    MetricsController(monitor: monitor, pool: database.pool).addRoutes(to: router)
    router.add(middleware: AuthMiddleware(tokens: TokenStore(pool: database.pool, cache: tokenCache)))
    MeController(store: database.store).addRoutes(to: router)
    let recorder = Recorder(handler: CommandHandler(store: database.store, logger: logger))
    StationsController(recorder: recorder).addRoutes(to: router.group("stations"))
    RecordController(kind: .dispute, recorder: recorder, store: database.store).addRoutes(to: router.group("disputes"))
    RecordController(kind: .alert, recorder: recorder, store: database.store).addRoutes(to: router.group("alerts"))
    ImportController(store: database.store, logger: logger).addRoutes(to: router)
    StatisticsController(statistics: statistics, monitor: monitor, store: database.store).addRoutes(to: router.group("stats"))
    AdminController(monitor: monitor).addRoutes(to: router.group("admin"))
    CaseListController(lists: CaseLists(pool: database.pool, logger: logger))
        .addRoutes(disputes: router.group("disputes"), alerts: router.group("alerts"))
    return router
}
