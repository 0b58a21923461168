import Events
import Foundation
import Testing

/// Every number, text and time a payload carries is held to a bound when it is entered,
/// so that no accepted entry can fail a read model's column later.
@Suite("Value bounds")
struct ValueBoundsTests {
    /// One payload with one value just past its bound, and the field the rejection names.
    struct Case: Sendable, CustomTestStringConvertible {
        let field: String
        let event: DomainEvent
        var occurredAt = Fixture.start

        var testDescription: String { "\(event.typeName).\(field)" }
    }

    private static func text(_ count: Int) -> String {
        String(repeating: "纠", count: count)
    }

    private static let target = UUID()

    static let pastTheBound: [Case] = [
        Case(field: "stationId", event: .stationRegistered(StationRegistered(stationId: text(65), name: "Fengqiao"))),
        Case(field: "name", event: .stationRegistered(StationRegistered(stationId: "s3", name: text(201)))),
        Case(field: "responseTargetMinutes", event: .stationRegistered(StationRegistered(stationId: "s3", name: "F", responseTargetMinutes: 1441))),
        Case(field: "communityId", event: .communityRegistered(CommunityRegistered(stationId: "s1", communityId: text(65), name: "W", areaClass: .urban))),
        Case(field: "name", event: .communityRegistered(CommunityRegistered(stationId: "s1", communityId: "c7", name: text(201), areaClass: .urban))),
        Case(field: "responseTargetMinutes", event: .stationTargetChanged(StationTargetChanged(
            stationId: "s1", responseTargetMinutes: 0, effectiveFrom: LocalDate(year: 2024, month: 4, day: 1) ?? LocalDate(Fixture.start, in: .gmt)))),
        Case(field: "stationId", event: .disputeLogged(DisputeLogged(disputeId: Make.disputeId, stationId: text(65), category: .land, discoveredVia: .alert))),
        Case(field: "communityId", event: .disputeLogged(DisputeLogged(
            disputeId: Make.disputeId, stationId: "s1", category: .land, discoveredVia: .alert, communityId: text(65)))),
        Case(field: "summary", event: .disputeLogged(DisputeLogged(
            disputeId: Make.disputeId, stationId: "s1", category: .land, discoveredVia: .alert, summary: text(4001)))),
        Case(field: "parties[1].name", event: .disputeLogged(DisputeLogged(
            disputeId: Make.disputeId, stationId: "s1", category: .land, discoveredVia: .alert, parties: [.init(name: "Li"), .init(name: text(201))]))),
        Case(field: "parties[0].phone", event: .disputeLogged(DisputeLogged(
            disputeId: Make.disputeId, stationId: "s1", category: .land, discoveredVia: .alert, parties: [.init(name: "Li", phone: text(201))]))),
        Case(field: "venue", event: .mediationHeld(MediationHeld(mechanism: .police, outcome: .adjourned, venue: text(201)))),
        Case(field: "mediator", event: .mediationHeld(MediationHeld(mechanism: .police, outcome: .adjourned, mediator: text(201)))),
        Case(field: "note", event: .mediationHeld(MediationHeld(mechanism: .police, outcome: .adjourned, note: text(4001)))),
        Case(field: "agency", event: .disputeReferred(DisputeReferred(agency: text(201), mechanism: .judicial))),
        Case(field: "note", event: .disputeReferred(DisputeReferred(agency: "court", mechanism: .judicial, note: text(4001)))),
        Case(field: "note", event: .disputeResolved(DisputeResolved(method: .withdrawn, resolutionLevel: .scene, note: text(4001)))),
        Case(field: "note", event: .disputeClosedUnresolved(DisputeClosedUnresolved(reason: .refused, note: text(4001)))),
        Case(field: "note", event: .disputeReopened(DisputeReopened(cause: .recurrence, note: text(4001)))),
        Case(field: "note", event: .followUpConducted(FollowUpConducted(reached: true, note: text(4001)))),
        Case(field: "stationId", event: .alertReceived(AlertReceived(alertId: Make.alertId, stationId: text(65), channel: .app, category: .fire))),
        Case(field: "communityId", event: .alertReceived(AlertReceived(
            alertId: Make.alertId, stationId: "s1", channel: .app, category: .fire, communityId: text(65)))),
        Case(field: "priority", event: .alertReceived(AlertReceived(alertId: Make.alertId, stationId: "s1", channel: .app, category: .fire, priority: 0))),
        Case(field: "summary", event: .alertReceived(AlertReceived(
            alertId: Make.alertId, stationId: "s1", channel: .app, category: .fire, summary: text(4001)))),
        Case(field: "priority", event: .alertReclassified(AlertReclassified(category: .fire, priority: 4))),
        Case(field: "reason", event: .alertReclassified(AlertReclassified(category: .fire, reason: text(4001)))),
        Case(field: "unitId", event: .unitDispatched(UnitDispatched(unitId: text(65)))),
        Case(field: "note", event: .unitDispatched(UnitDispatched(unitId: "P1", note: text(4001)))),
        Case(field: "unitId", event: .unitArrived(UnitArrived(unitId: text(65)))),
        Case(field: "note", event: .unitArrived(UnitArrived(unitId: "P1", note: text(4001)))),
        Case(field: "agency", event: .alertDiverted(AlertDiverted(agency: text(201), beforeDispatch: true))),
        Case(field: "workOrderRef", event: .alertDiverted(AlertDiverted(agency: "street_office", beforeDispatch: true, workOrderRef: text(201)))),
        Case(field: "deaths", event: .alertCleared(AlertCleared(disposition: .handled, deaths: 3_000_000_000))),
        Case(field: "deaths", event: .alertCleared(AlertCleared(disposition: .handled, deaths: -1))),
        Case(field: "injuries", event: .alertCleared(AlertCleared(disposition: .handled, injuries: 10_001))),
        Case(field: "caseRef", event: .alertCleared(AlertCleared(disposition: .caseOpened, caseRef: text(201)))),
        Case(field: "reason", event: .alertCancelled(AlertCancelled(reason: text(4001)))),
        Case(field: "reason", event: .entryRetracted(EntryRetracted(targetEventId: target, reason: text(4001)))),
        Case(field: "reason", event: .entryAmended(EntryAmended(targetEventId: target, changes: ["note": .null], reason: text(4001)))),
        Case(field: "occurredAt", event: Make.logged(), occurredAt: Date(timeIntervalSince1970: -2_208_988_801)),
        Case(field: "occurredAt", event: Make.retract(target), occurredAt: Date(timeIntervalSince1970: 253_402_300_800)),
    ]

    @Test(arguments: pastTheBound)
    func aValuePastItsBoundIsRejectedNamingItsField(_ test: Case) {
        let kind = test.event.streamKind ?? .dispute
        let command = Command(test.event, occurredAt: test.occurredAt, actor: "officer-7", role: .admin)
        #expect(throws: Rejection.self) {
            _ = try kind.decide(command, given: .empty, reference: Fixture.reference)
        }
        do {
            _ = try kind.decide(command, given: .empty, reference: Fixture.reference)
        } catch {
            #expect(error.code == .outOfRange, "\(error)")
            #expect(error.field == test.field)
            #expect(error.description.hasPrefix(test.field))
        }
    }

    @Test func valuesAtTheirBoundsAreAccepted() throws {
        var stations = StreamFixture<StationLifecycle>(streamId: StreamKind.stationStreamId("s3"))
        try stations.record(.stationRegistered(StationRegistered(
            stationId: "s3", name: Self.text(200), responseTargetMinutes: 1440)), at: 0)
        try stations.record(.communityRegistered(CommunityRegistered(
            stationId: "s3", communityId: String(repeating: "c", count: 64), name: Self.text(200), areaClass: .rural)), at: 0)
        var alert = Make.alertStream
        try alert.record(.alertReceived(AlertReceived(
            alertId: Make.alertId, stationId: "s1", channel: .app, category: .fire, priority: 3, summary: Self.text(4000))), at: 0)
        let unit = String(repeating: "P", count: 64)
        try alert.record(.unitDispatched(UnitDispatched(unitId: unit, note: Self.text(4000))), at: 1)
        try alert.record(.unitArrived(UnitArrived(unitId: unit)), at: 2)
        try alert.record(.alertCleared(AlertCleared(disposition: .handled, deaths: 10_000, injuries: 10_000)), at: 3)
        #expect(alert.state?.clearance?.deaths == 10_000)
    }

    @Test func anAmendmentPastABoundIsRejectedNamingTheField() throws {
        var alert = Make.alertStream
        try alert.record(Make.received(), at: 0)
        try alert.record(Make.dispatched("P1"), at: 1)
        let cleared = try alert.record(Make.cleared(.handled), at: 2)
        let rejection = alert.rejection(Make.amend(cleared, ["deaths": .integer(3_000_000_000)]), at: 3)
        #expect(rejection?.field == "deaths")
        #expect(rejection?.description.hasSuffix("deaths must be between 0 and 10000, not 3000000000") == true)
        let early = alert.rejection(Make.amend(cleared, ["occurredAt": .string("0000-06-01T00:00:00Z")]), at: 3, role: .supervisor)
        #expect(early?.field == "occurredAt")
    }
}
