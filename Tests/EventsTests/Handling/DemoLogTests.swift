import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct DemoLogTests {
    @Test func theDemoPassesEveryRuleAndLoadsOnlyOnce() async throws {
        let store = try TestDatabase.require().store
        let first = try #require(LocalDate(year: 2024, month: 3, day: 10))
        let last = try #require(LocalDate(year: 2024, month: 3, day: 31))
        let lines = DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_717_200_000))
        #expect(lines == DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_717_200_000)), "the demo is reproducible")
        let importer = Importer(store: store, logger: Logger(label: "test"), batchSize: 500)
        let report = try await importer.run(Self.chunks(lines), actor: "demo", role: .admin)
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
        #expect(report.accepted == lines.count)
        #expect(report.accepted > 22 * 6 * 10)
        let again = try await importer.run(Self.chunks(lines), actor: "demo", role: .admin)
        #expect(again.accepted == 0)
        #expect(again.duplicates == lines.count)
        let march = try #require(LocalDate(year: 2024, month: 3, day: 20))
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

    @Test func theCityHasSixStationsCorrectionsAndAFallingAlertVolume() throws {
        // The first quarters of two years: every day's records are the same in any run that covers it.
        func quarter(_ year: Int) throws -> [[String: Any]] {
            let first = try #require(LocalDate(year: year, month: 1, day: 1))
            let last = try #require(LocalDate(year: year, month: 3, day: 31))
            return try DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_750_000_000)).map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
        let earlier = try quarter(2023)
        let later = try quarter(2024)
        let entries = earlier + later
        func of(_ type: String, in log: [[String: Any]]? = nil) -> [[String: Any]] {
            (log ?? entries).filter { $0["type"] as? String == type }
        }
        let stations = of("StationRegistered", in: earlier).compactMap { ($0["data"] as? [String: Any])?["name"] as? String }
        #expect(stations == ["Leifeng", "Guanshaling", "Wangchengpo", "Nanjie", "Haimen", "Zhanhua"].map { "\($0) police station" })
        #expect(of("CommunityRegistered", in: earlier).count >= 12)
        let alerts2023 = of("AlertReceived", in: earlier).count
        let alerts2024 = of("AlertReceived", in: later).count
        #expect(alerts2023 > 6 * 90 * 3, "\(alerts2023) alerts in the first quarter of 2023")
        #expect(Double(alerts2024) < 0.9 * Double(alerts2023), "alerts 2023 \(alerts2023), 2024 \(alerts2024): the volume should fall")
        let outcomes = of("MediationHeld").compactMap { ($0["data"] as? [String: Any])?["outcome"] as? String }
        let agreements = outcomes.filter { $0 == "agreement" }.count
        let mediated = outcomes.filter { $0 != "adjourned" }.count
        #expect(Double(agreements) / Double(mediated) > 0.97, "\(agreements) agreements of \(mediated) mediations")
        #expect(!of("EntryAmended").isEmpty && !of("EntryRetracted").isEmpty, "the demo corrects a few entries")
        #expect(!of("AlertReclassified").isEmpty && !of("AlertDiverted").isEmpty && !of("DisputeReopened").isEmpty)
    }

    private static func chunks(_ lines: [String]) -> AsyncStream<Data> {
        AsyncStream { continuation in
            continuation.yield(Data((lines.joined(separator: "\n") + "\n").utf8))
            continuation.finish()
        }
    }
}
