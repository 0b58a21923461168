import Events
import Foundation
import Projections
import Testing

/// The pure derivations, without a database.
@Suite struct FoldTests {
    func entry(_ event: DomainEvent, _ time: String, amendments: Int = 0) -> EffectiveEvent {
        EffectiveEvent(
            envelope: EventEnvelope(
                eventId: UUID(), streamId: "s", streamVersion: 1, globalPosition: 1, occurredAt: Fixture.time(time),
                recordedAt: Fixture.time(time), actor: "t", stationId: "s1", schemaVersion: 1, event: event),
            amendments: amendments, timeAmendments: amendments)
    }

    @Test func alertCaseUsesFinalCategoryAndWholeSeconds() throws {
        let received = AlertReceived(alertId: UUID(), stationId: "s1", channel: .phone110, category: .dispute)
        let row = try #require(AlertCase.derive(streamId: "alert-x", history: [
            entry(.alertReceived(received), "2024-01-01T10:00:00.900Z"),
            entry(.alertReclassified(AlertReclassified(category: .criminal)), "2024-01-01T10:00:01Z"),
            entry(.unitDispatched(UnitDispatched(unitId: "u")), "2024-01-01T10:01:00Z"),
            entry(.unitArrived(UnitArrived(unitId: "u")), "2024-01-01T10:05:00.100Z", amendments: 1),
        ]))
        #expect(row.category == "criminal" && row.initialCategory == "dispute")
        #expect(row.responseSeconds == 299)
        #expect(row.dispatchDelaySeconds == 59)
        #expect(row.amendedTimes == 1)
        #expect(row.status == "on_scene")
    }

    @Test func disputeCaseCountsOnlyDecidedMediations() throws {
        let logged = DisputeLogged(disputeId: UUID(), stationId: "s1", category: .family, discoveredVia: .screening)
        let row = try #require(DisputeCase.derive(streamId: "dispute-x", history: [
            entry(.disputeLogged(logged), "2024-01-01T10:00:00Z"),
            entry(.mediationHeld(MediationHeld(mechanism: .police, outcome: .adjourned)), "2024-01-02T10:00:00Z"),
        ]))
        #expect(!row.mediated && !row.agreement && row.status == "in_mediation")
        #expect(DisputeCase.derive(streamId: "dispute-x", history: []) == nil)
    }

    @Test func nearestRank() {
        #expect(IntervalSummary.nearestRank(percent: 50, [1, 2, 3, 4]) == 2)
        #expect(IntervalSummary.nearestRank(percent: 90, [1, 2, 3, 4]) == 4)
        #expect(IntervalSummary.nearestRank(percent: 50, [1, 2, 3]) == 2)
        #expect(IntervalSummary.nearestRank(percent: 90, Array(1...10)) == 9)
        #expect(IntervalSummary.nearestRank(percent: 50, []) == nil)
    }
}
