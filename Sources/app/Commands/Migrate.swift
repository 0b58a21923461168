import ArgumentParser
import Events
import Logging
import Projections

extension App {
    /// Applies pending migrations from `sql/`, then rebuilds any projection whose tables an
    /// earlier release made.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending database migrations from sql/.",
            discussion: "Then rebuilds any projection whose tables an earlier release made (with progress), as `replay` would.")

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
            try await rebuildOutdatedProjections(logger: logger)
        }

        /// Replays, as the application role like `replay`, every projection made by an
        /// earlier release: one that exists but lacks columns this release writes.
        private func rebuildOutdatedProjections(logger: Logger) async throws {
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            do {
                let replayer = Replayer(pool: db.pool, logger: logger)
                for projection in try await replayer.outdatedProjections() {
                    print("rebuilding projection \(projection): its tables were made by an earlier release")
                    try await Replay.rebuild([projection], with: replayer)
                }
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }
    }
}
