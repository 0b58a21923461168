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
            let progress = ProgressLine(label: "verified", unit: "events")
            let report: LogVerifier.Report
            do {
                report = try await LogVerifier(store: db.store, logger: logger).verify { progress.update($0) }
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
            progress.finish()
            for finding in report.findings { print(finding) }
            print("\(report.events) events in \(report.streams) streams checked, \(report.findings.count) problem(s) found")
            if !report.findings.isEmpty { throw ExitCode(2) }
        }
    }
}
