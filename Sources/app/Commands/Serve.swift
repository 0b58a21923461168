import ArgumentParser
import Events
import Hummingbird
import Logging

extension App {
    /// Serves the HTTP API; the default command.
    struct Serve: AsyncParsableCommand, AppArguments {
        static let configuration = CommandConfiguration(abstract: "Serve the HTTP API (the default command).")

        @OptionGroup var database: DatabaseOptions

        @Option(name: .long, help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(name: .long, help: "Port to listen on.")
        var port: Int = 8080

        func run() async throws {
            var logger = Logger(label: "ledger")
            logger.logLevel = .info
            let db = try await Database.open(database, logger: logger)
            do {
                try await db.pool.withConnection { try await db.migrator.checkUpToDate(on: $0) }
                let app = try await buildApplication(self, database: db, logger: logger)
                try await app.runService()
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }
    }
}
