import ArgumentParser
import Events
import Logging

extension App {
    /// Checks the log's integrity and says what is wrong, stream by stream.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the event log: gapless versions, readable events, legal histories, append-only triggers."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "ledger.verify")
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            let display = ProgressDisplay()
            let report: LogVerifier.Report
            do {
                report = try await LogVerifier(store: db.store, logger: logger).verify { display.show("verified \($0) events, \(display.rate($0)) events/s") }
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
            display.finish("verified \(report.events) events")
            for finding in report.findings { print(finding) }
            print("\(report.events) events in \(report.streams) streams checked, \(report.findings.count) problem(s) found")
            if !report.findings.isEmpty { throw ExitCode(2) }
        }
    }
}
