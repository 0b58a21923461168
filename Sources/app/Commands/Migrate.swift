import ArgumentParser
import Events
import Logging

extension App {
    /// Applies pending migrations from `sql/`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending database migrations from sql/.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "ledger.migrate")
            let db = try await Database.open(database, logger: logger, maximumConnections: 1, asOwner: true)
            do {
                let applied = try await db.pool.withConnection { try await db.migrator.migrate(on: $0) }
                print(applied.isEmpty ? "database is up to date" : "applied \(applied.count) migration(s): \(applied.joined(separator: ", "))")
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }
    }
}
