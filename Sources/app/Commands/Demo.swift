import ArgumentParser
import Events
import Foundation
import Logging

extension App {
    /// Loads a realistic demo log for a city's stations, through the same importer and rules as `import`.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a realistic demo data set: six stations, their communities, three years of disputes and alerts.",
            discussion: "The data is the same every time for the same days and seed, so loading it twice adds nothing."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "How many days, ending yesterday (station time).")
        var days = 1096

        @Option(help: "Another seed gives another, equally reproducible, demo.")
        var seed: UInt64 = 2023

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days must be from 1 to 3650") }
        }

        func run() async throws {
            var logger = Logger(label: "ledger.demo")
            logger.logLevel = .warning
            let calendar = Calendar(identifier: .gregorian)
            var zoned = calendar
            zoned.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
            let today = zoned.startOfDay(for: Date())
            guard let lastDay = zoned.date(byAdding: .day, value: -1, to: today),
                  let firstDay = zoned.date(byAdding: .day, value: -days, to: today),
                  let first = LocalDate(zoned.dateComponents([.year, .month, .day], from: firstDay)),
                  let last = LocalDate(zoned.dateComponents([.year, .month, .day], from: lastDay))
            else { throw CommandFailure(message: "cannot work out the demo's dates") }
            let lines = DemoLog(first: first, last: last, seed: seed).lines()
            let text = lines.joined(separator: "\n") + "\n"
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            do {
                try await db.pool.withConnection { try await db.migrator.checkUpToDate(on: $0) }
                let display = ProgressDisplay()
                let chunks = AsyncStream<Data> { continuation in
                    continuation.yield(Data(text.utf8))
                    continuation.finish()
                }
                let report = try await Importer(store: db.store, logger: logger).run(chunks, actor: "demo", role: .admin) {
                    display.show("\(ProgressDisplay.bar(Double($0.lines) / Double(max(lines.count, 1)))) \($0.lines) of \(lines.count) lines, \(display.rate($0.lines)) a second")
                }
                display.finish("\(ProgressDisplay.bar(1)) \(report.entries) lines in \(display.elapsed.components.seconds) s")
                for rejection in report.rejected.prefix(10) {
                    print("line \(rejection.line): \(rejection.detail)")
                }
                print("demo of \(DemoLog.stations.count) stations (\(DemoLog.stations.map(\.stationId).joined(separator: ", "))), \(first) to \(last): \(report.accepted) events recorded, \(report.duplicates) already there, \(report.rejected.count) refused")
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }
    }
}

extension LocalDate {
    /// The date of calendar components, nil when one is missing.
    init?(_ components: DateComponents) {
        guard let year = components.year, let month = components.month, let day = components.day else { return nil }
        self.init(year: year, month: month, day: day)
    }
}
