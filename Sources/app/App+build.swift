import Events
import Hummingbird
import Logging

/// What the HTTP application needs to know from its command line (tests pass their own).
protocol AppArguments {
    var host: String { get }
    var port: Int { get }
}

/// Builds the HTTP application on an open database.
func buildApplication(_ arguments: some AppArguments, database: Database, logger: Logger) async throws -> some ApplicationProtocol {
    Application(
        router: buildRouter(database: database),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "ledger"),
        logger: logger
    )
}

/// The routes of the API.
func buildRouter(database: Database) -> Router<BasicRequestContext> {
    let router = Router()
    HealthController().addRoutes(to: router)
    return router
}
