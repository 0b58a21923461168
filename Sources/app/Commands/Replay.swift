import ArgumentParser
import Events
import Foundation
import Logging
import Projections

extension App {
    /// Rebuilds projections into new versioned tables and switches readers to them.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild projections from the event log without downtime.",
            discussion: """
                Builds a new version of each projection's tables in short batches while the old \
                version keeps serving, catches up with the live log, then switches readers in one \
                transaction. Interrupted, it leaves the served version intact; run it again to resume.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Only this projection (stations, disputes, alerts); default all.")
        var projection: String?

        @Option(help: "Events per batch transaction.")
        var batchSize = 10000

        func validate() throws {
            if let projection, Projection(rawValue: projection) == nil {
                throw ValidationError(ProjectionError.unknownProjection(projection).description)
            }
            if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            let logger = Logger(label: "ledger.replay")
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            let selected = projection.flatMap(Projection.init(rawValue:)).map { [$0] } ?? Projection.allCases
            do {
                try await Self.rebuild(selected, with: Replayer(pool: db.pool, logger: logger, batchSize: batchSize))
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }

        /// Replays each of `projections` in turn, showing each one's progress.
        static func rebuild(_ projections: [Projection], with replayer: Replayer) async throws {
            for projection in projections {
                let display = ProgressDisplay()
                let done = try await replayer.replay(projection) { display.show($0.bar()) }
                display.finish(done.line)
            }
        }
    }
}
