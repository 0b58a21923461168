import Events
import Projections
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// What the HTTP application needs to know from its command line (tests pass their own).
protocol AppArguments {
    var host: String { get }
    var port: Int { get }
    /// How long a request body may take (``TimedBody``).
    var bodyTimeout: Duration { get }
    /// How long a connection may go without a complete request head, or without body
    /// bytes, before it is closed; longer than ``bodyTimeout``, so a stalled body gets its 408.
    var idleTimeout: Duration { get }
}

/// Builds the HTTP application on an open database, with `services` (the projector) and
/// the token revocation listener started and stopped alongside the server.
///
/// Hummingbird's idle timeout bounds what ``TimedBody`` cannot see: a request head
/// trickled in (a head reaches the routes only once complete, and until then the
/// connection counts as idle) and a connection left open and silent.
func buildApplication(
    _ arguments: some AppArguments, database: Database, openAPI: OpenAPIController, web: WebController,
    services: [any Service] = [], logger: Logger
) async throws -> some ApplicationProtocol {
    let tokenCache = TokenCache()
    return Application(
        router: buildRouter(
            database: database, openAPI: openAPI, web: web, tokenCache: tokenCache, bodyTimeout: arguments.bodyTimeout, logger: logger),
        server: .http1(configuration: .init(idleTimeout: TimeAmount(arguments.idleTimeout))),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "ledger"),
        services: services + [TokenRevocationListener(pool: database.pool, cache: tokenCache, logger: logger)],
        logger: logger
    )
}

/// The routes of the API, behind the problem and auth middleware, and the web pages
/// (`web`; a router for API tests alone may go without them); tokens are kept in
/// `tokenCache` while a ``TokenRevocationListener`` keeps it answering; write bodies must
/// arrive within `bodyTimeout`.
func buildRouter(
    database: Database, openAPI: OpenAPIController, web: WebController? = nil, tokenCache: TokenCache = TokenCache(),
    bodyTimeout: Duration = LedgerRequestContext.defaultBodyTimeout, logger: Logger
) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: BodyTimeoutMiddleware(timeout: bodyTimeout))
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
    AdminController(monitor: monitor, store: database.store, logger: logger).addRoutes(to: router.group("admin"))
    CaseListController(lists: CaseLists(pool: database.pool, logger: logger))
        .addRoutes(disputes: router.group("disputes"), alerts: router.group("alerts"))
    return router
}
