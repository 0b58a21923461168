import ArgumentParser
import Events
import Foundation
import Logging
import Projections

#if canImport(Glibc)
import Glibc
#endif

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
        var batchSize = 2000

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
            let onTerminal = isatty(STDOUT_FILENO) == 1
            do {
                let replayer = Replayer(pool: db.pool, logger: logger, batchSize: batchSize)
                for projection in selected {
                    let printer = ProgressPrinter(terminal: onTerminal)
                    let done = try await replayer.replay(projection) { printer.show($0) }
                    printer.finish(done)
                }
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }
    }
}

/// Shows replay progress: a redrawn bar on a terminal, a line every few seconds otherwise.
private final class ProgressPrinter: @unchecked Sendable {
    // Safe: the replayer calls `show` sequentially from one task, and `finish` after it returns.
    private let terminal: Bool
    private var lastPrinted = ContinuousClock.now - .seconds(60)

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func show(_ progress: ReplayProgress) {
        let now = ContinuousClock.now
        guard now - lastPrinted >= (terminal ? .milliseconds(200) : .seconds(5)) else { return }
        lastPrinted = now
        if terminal {
            print("\r\(progress.bar())", terminator: "")
            fflush(nil)
        } else {
            print(progress.line)
        }
    }

    func finish(_ progress: ReplayProgress) {
        if terminal { print("\r\(progress.bar())") }
        print(progress.line)
    }
}
