import ArgumentParser
import Events
import Logging

extension App {
    /// Checks the log's integrity and says what is wrong, stream by stream.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the event log: hash chains, gapless versions, readable events, legal histories, append-only triggers.",
            discussion: """
                Prints each problem found, then one digest line per station over the heads of its \
                streams as of a position (the log's head unless --as-of names one): write it down, \
                and a later `verify --as-of` with the same position shows whether anything before \
                it changed. Exits with status 2 when a problem is found.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(name: .customLong("as-of"), help: "Take the station digests as of this global position (default: the log's head).")
        var asOfPosition: Int64?

        func validate() throws {
            if let asOfPosition, asOfPosition < 0 {
                throw ValidationError("--as-of must be a position, 0 or more")
            }
        }

        func run() async throws {
            let logger = Logger(label: "ledger.verify")
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            let display = ProgressDisplay()
            let report: LogVerifier.Report
            do {
                report = try await LogVerifier(store: db.store, logger: logger).verify(asOfPosition: asOfPosition) {
                    display.show("verified \($0) events, \(display.rate($0)) events/s")
                }
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
            display.finish("verified \(report.events) events")
            for finding in report.findings { print(finding) }
            for digest in report.digests { print(digest.line) }
            print("\(report.events) events in \(report.streams) streams checked, \(report.findings.count) problem(s) found")
            if !report.findings.isEmpty { throw ExitCode(2) }
        }
    }
}
