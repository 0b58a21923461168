import ArgumentParser
import Foundation
import Events
import Hummingbird
import Logging
import Projections

extension App {
    /// Serves the HTTP API; the default command.
    struct Serve: AsyncParsableCommand, AppArguments {
        static let configuration = CommandConfiguration(abstract: "Serve the HTTP API (the default command).")

        @OptionGroup var database: DatabaseOptions

        @Option(name: .long, help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(name: .long, help: "Port to listen on.")
        var port: Int = 8080

        @Option(name: .customLong("body-timeout"), help: ArgumentHelp(
            "Seconds a write's body may take to arrive whole, and an import's body may pause, before a 408.",
            valueName: "seconds"))
        var bodyTimeoutSeconds: Double = 30

        @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
            "Seconds a connection may go without a complete request head or body bytes before it is closed; more than --body-timeout (default: twice it).",
            valueName: "seconds"))
        var idleTimeoutSeconds: Double?

        var bodyTimeout: Duration { Self.duration(bodyTimeoutSeconds) }

        var idleTimeout: Duration { Self.duration(idleTimeoutSeconds ?? 2 * bodyTimeoutSeconds) }

        func validate() throws {
            let idleTimeoutSeconds = idleTimeoutSeconds ?? 2 * bodyTimeoutSeconds
            for (name, seconds) in [("--body-timeout", bodyTimeoutSeconds), ("--idle-timeout", idleTimeoutSeconds)] {
                guard seconds >= 0.001, seconds <= 86_400 else {
                    throw ValidationError("\(name) must be between 0.001 and 86400 seconds")
                }
            }
            guard idleTimeoutSeconds > bodyTimeoutSeconds else {
                throw ValidationError("--idle-timeout must be longer than --body-timeout, or a stalled body is cut off before its 408")
            }
        }

        private static func duration(_ seconds: Double) -> Duration {
            .milliseconds(Int((seconds * 1000).rounded()))
        }

        func run() async throws {
            var logger = Logger(label: "ledger")
            logger.logLevel = try Self.logLevel(ProcessInfo.processInfo.environment)
            let openAPI: OpenAPIController
            let web: WebController
            do {
                openAPI = try OpenAPIController(root: database.rootURL)
                web = try WebController(root: database.rootURL)
            } catch {
                throw CommandFailure(error)
            }
            let db = try await Database.open(database, logger: logger, bounded: true)
            do {
                try await db.pool.withConnection { try await db.migrator.checkUpToDate(on: $0) }
                if let dataDirectory = db.embeddedDataDirectory {
                    try await writeAdminToken(db, into: dataDirectory)
                }
                let projector = Projector(pool: db.pool, logger: logger)
                try await projector.install()
                let outdated = try await Replayer(pool: db.pool, logger: logger).outdatedProjections()
                if !outdated.isEmpty {
                    throw CommandFailure(message: "projection \(outdated.map(\.rawValue).joined(separator: ", ")) was built by an earlier release; run `app migrate`, which rebuilds it, then start again")
                }
                let app = try await buildApplication(
                    self, database: db, openAPI: openAPI, web: web, services: [ProjectorService(projector: projector)], logger: logger)
                print("web pages at http://\(host):\(port)/ (sign in with a token from `app token create`)")
                try await app.runService()
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }

        /// `LEDGER_LOG_LEVEL` (`trace` … `critical`), `info` when unset; a one-line failure
        /// for anything else.
        static func logLevel(_ environment: [String: String]) throws -> Logger.Level {
            guard let level = environment["LEDGER_LOG_LEVEL"] else { return .info }
            guard let parsed = Logger.Level(rawValue: level) else {
                throw CommandFailure(message: "LEDGER_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical; not \"\(level)\"")
            }
            return parsed
        }

        /// The name of the admin token an embedded `serve` writes; the previous one is revoked.
        static let embeddedAdminName = "embedded-admin"

        /// Embedded mode: a fresh admin token in `.data/admin-token`, readable by root only;
        /// the one written by the previous start stops working.
        private func writeAdminToken(_ db: Database, into directory: URL) async throws {
            let tokens = TokenStore(pool: db.pool)
            try await tokens.revokeAll(named: Self.embeddedAdminName)
            let created = try await tokens.create(role: .admin, stationIds: [], name: Self.embeddedAdminName)
            let file = directory.appendingPathComponent("admin-token")
            try Data((created.token + "\n").utf8).write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            print("admin token written to \(file.path)")
        }
    }
}
