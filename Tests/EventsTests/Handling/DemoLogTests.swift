import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct DemoLogTests {
    @Test func theDemoPassesEveryRuleAndLoadsOnlyOnce() async throws {
        let store = try TestDatabase.require().store
        let first = try #require(LocalDate(year: 2024, month: 2, day: 1))
        let last = try #require(LocalDate(year: 2024, month: 3, day: 31))
        let lines = DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_717_200_000))
        #expect(lines == DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_717_200_000)), "the demo is reproducible")
        let importer = Importer(store: store, logger: Logger(label: "test"), batchSize: 500)
        let report = try await importer.run(Self.chunks(lines), actor: "demo", role: .admin)
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
        #expect(report.accepted == lines.count)
        #expect(report.accepted > 60 * 10)
        let again = try await importer.run(Self.chunks(lines), actor: "demo", role: .admin)
        #expect(again.accepted == 0)
        #expect(again.duplicates == lines.count)
        let march = try #require(LocalDate(year: 2024, month: 3, day: 1))
        let overlapping = DemoLog(first: march, last: last).lines(now: Date(timeIntervalSince1970: 1_717_200_000))
        let overlap = try await importer.run(Self.chunks(overlapping), actor: "demo", role: .admin)
        #expect(overlap.accepted == 0, "days already loaded give the same records")
        #expect(overlap.rejected.isEmpty)
        let verified = try await LogVerifier(store: store, logger: Logger(label: "test")).verify()
        #expect(verified.findings.isEmpty)
    }

    @Test func entriesLeftInTheFutureDoNotShiftLaterIds() {
        let first = LocalDate(year: 2024, month: 3, day: 1)
        let last = LocalDate(year: 2024, month: 3, day: 20)
        guard let first, let last else { Issue.record("bad fixture dates"); return }
        let log = DemoLog(first: first, last: last)
        // Mid-way through the log, many follow-ups still lie ahead.
        let early = log.lines(now: Date(timeIntervalSince1970: 1_710_500_000))
        let later = Set(log.lines(now: Date(timeIntervalSince1970: 1_717_200_000)))
        #expect(early.count < later.count)
        #expect(early.allSatisfy { later.contains($0) }, "a line loaded early must come back identical later")
    }

    private static func chunks(_ lines: [String]) -> AsyncStream<Data> {
        AsyncStream { continuation in
            continuation.yield(Data((lines.joined(separator: "\n") + "\n").utf8))
            continuation.finish()
        }
    }
}
