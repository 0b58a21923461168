import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct LogVerifierTests {
    @Test func findsUnreadableAndIllegalStreamsAndPassesGoodOnes() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let at = Date(timeIntervalSince1970: 1_709_280_000)
        _ = try await handler.handle(
            Command(.stationRegistered(StationRegistered(stationId: "s1", name: "Fengqiao")), occurredAt: at, actor: "a", role: .admin),
            on: StreamKind.stationStreamId("s1"))
        let disputeId = UUID()
        _ = try await handler.handle(
            Command(.disputeLogged(DisputeLogged(disputeId: disputeId, stationId: "s1", category: .family, discoveredVia: .walkIn)),
                    occurredAt: at, actor: "c"),
            on: StreamKind.disputeStreamId(disputeId))

        let clean = try await LogVerifier(store: store, logger: Logger(label: "test")).verify()
        #expect(clean.findings.isEmpty)
        #expect(clean.streams == 2)
        #expect(clean.events == 2)

        // Written around the rules, as a faulty import or a hand edit might.
        let orphan = StreamKind.disputeStreamId(UUID())
        let mediation = try NewEvent(
            encoding: .mediationHeld(MediationHeld(mechanism: .police, outcome: .agreement)),
            occurredAt: at, actor: "x", stationId: "s1")
        _ = try await store.append([mediation], to: orphan, expected: .noStream)
        let unreadable = "dispute-\(UUID().uuidString.lowercased())"
        _ = try await store.append(
            [NewEvent(type: "Bogus", data: Data("{}".utf8), occurredAt: at, actor: "x", stationId: "s1")],
            to: unreadable, expected: .noStream)

        let report = try await LogVerifier(store: store, logger: Logger(label: "test")).verify(batchSize: 1)
        #expect(report.streams == 4)
        #expect(report.events == 4)
        #expect(Set(report.findings.map(\.streamId)) == [orphan, unreadable])
        #expect(report.findings.first { $0.streamId == orphan }?.problem.hasPrefix("its history breaks a rule") == true)
        #expect(report.findings.first { $0.streamId == unreadable }?.problem.hasPrefix("an event cannot be read") == true)
    }
}
