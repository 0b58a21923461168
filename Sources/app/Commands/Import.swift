import ArgumentParser
import Events
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

extension App {
    /// Imports an NDJSON file of events with the same rules as the HTTP routes.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import events from an NDJSON file, one {type, data, eventId, occurredAt, actor?} a line."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The NDJSON file to import.")
        var file: String

        @Option(help: "The actor recorded for lines that name none.")
        var actor: String = "import"

        @Option(help: "Lines decided and written together.")
        var batchSize: Int = 2000

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            let (handle, size) = try open()
            defer { try? handle.close() }
            var logger = Logger(label: "ledger.import")
            logger.logLevel = .warning
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            do {
                try await db.pool.withConnection { try await db.migrator.checkUpToDate(on: $0) }
                let display = ProgressDisplay()
                let importer = Importer(store: db.store, logger: logger, batchSize: batchSize)
                let report = try await importer.run(FileChunks(handle: handle, path: file), actor: actor, role: .admin) { progress in
                    display.show(Self.describe(progress, of: size, display: display))
                }
                display.finish("imported \(report.entries) lines")
                printReport(ImportAnswer(report), entries: report.entries, elapsed: display.elapsed)
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
        }

        /// `[####....] 40% 120000 lines, 6700 lines/s, accepted …, duplicates …, rejected …`.
        private static func describe(_ progress: ImportProgress, of size: Int, display: ProgressDisplay) -> String {
            let fraction = size > 0 ? Double(progress.bytes) / Double(size) : 1
            return "\(ProgressDisplay.bar(fraction)) \(progress.lines) lines, \(display.rate(progress.lines)) lines/s, "
                + "accepted \(progress.accepted), duplicates \(progress.duplicates), rejected \(progress.rejected)"
        }

        /// The file opened for reading and its size; a one-line failure when it cannot be.
        private func open() throws -> (FileHandle, Int) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw CommandFailure(message: "cannot read \(file): no such file")
            }
            guard !isDirectory.boolValue else { throw CommandFailure(message: "cannot read \(file): it is a directory") }
            do {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                return (handle, size ?? 0)
            } catch {
                throw CommandFailure(message: "cannot read \(file): \(error.localizedDescription)")
            }
        }

        private func printReport(_ answer: ImportAnswer, entries: Int, elapsed: Duration) {
            for rejected in answer.rejected {
                let id = rejected.eventId.map { " (\($0.uuidString.lowercased()))" } ?? ""
                print("line \(rejected.line)\(id): \(rejected.status) \(rejected.detail)")
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Int(Double(entries) / seconds) : 0
            let position = answer.lastPosition.map { ", last position \($0)" } ?? ""
            print("\(file): \(answer.accepted) accepted, \(answer.duplicates) duplicates, \(answer.rejected.count) rejected"
                  + " in \(String(format: "%.1f", seconds)) s (\(rate) lines/s)\(position)")
        }
    }
}
