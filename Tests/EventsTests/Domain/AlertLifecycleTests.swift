import Events
import Foundation
import Testing

@Suite("Alert lifecycle")
struct AlertLifecycleTests {
    private func received(_ event: DomainEvent = Make.received()) throws -> StreamFixture<AlertLifecycle> {
        var stream = Make.alertStream
        try stream.record(event, at: 0)
        return stream
    }

    private func onScene() throws -> StreamFixture<AlertLifecycle> {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        try stream.record(Make.arrived("P1"), at: 9)
        return stream
    }

    @Test(arguments: [
        (AlertCategory.criminal, Bool?.none, true),
        (.nonPolice, nil, false),
        (.nonPolice, true, true),
        (.assistance, false, false),
    ])
    func policeMatterDefaultsFromTheCategory(_ category: AlertCategory, _ given: Bool?, _ expected: Bool) throws {
        let stream = try received(Make.received(category: category, policeMatter: given))
        let state = try #require(stream.state)
        #expect(state.policeMatter == expected)
        #expect(state.status == .received)
        #expect(state.receivedAt == Fixture.at(0))
    }

    @Test func aPriorityOutsideOneToThreeIsRejected() {
        let rejection = Make.alertStream.rejection(Make.received(priority: 4), at: 0)
        #expect(rejection?.code == .outOfRange)
        #expect(rejection?.field == "priority")
        #expect(rejection?.description == "priority must be 1, 2 or 3, not 4")
    }

    @Test func anUnknownCommunityIsRejected() {
        let rejection = Make.alertStream.rejection(Make.received(community: "c404"), at: 0)
        #expect(rejection?.code == .unknownReference)
        #expect(rejection?.description == "community c404 is not registered")
    }

    @Test func receivingTwiceIsRejected() throws {
        let rejection = try received().rejection(Make.received(), at: 1)
        #expect(rejection?.code == .alreadyExists)
        #expect(rejection?.description == "cannot record a new alert: this alert was already received and alert is received")
    }

    @Test func aReclassificationKeepsTheInitialCategory() throws {
        var stream = try received(Make.received(category: .dispute))
        try stream.record(.alertReclassified(AlertReclassified(category: .nonPolice, reason: "billing")), at: 1)
        let state = try #require(stream.state)
        #expect(state.initialCategory == .dispute)
        #expect(state.category == .nonPolice)
        #expect(!state.policeMatter)
        #expect(state.priority == 2)
    }

    @Test func aClearedAlertMayStillBeReclassified() throws {
        var stream = try onScene()
        try stream.record(Make.cleared(.handled), at: 30)
        try stream.record(.alertReclassified(AlertReclassified(category: .criminal, priority: 1)), at: 40)
        #expect(stream.state?.category == .criminal)
        #expect(stream.state?.priority == 1)
        #expect(stream.state?.status == .cleared)
    }

    @Test func aCancelledAlertMayNotBeReclassified() throws {
        var stream = try received()
        try stream.record(.alertCancelled(AlertCancelled(reason: "caller withdrew")), at: 1)
        let rejection = stream.rejection(.alertReclassified(AlertReclassified(category: .other)), at: 2)
        #expect(rejection?.currentState == "cancelled")
        #expect(rejection?.description == "cannot record a reclassification: alert is cancelled; nothing may follow")
    }

    @Test func dispatchesAndArrivalsTrackEachUnit() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        #expect(stream.state?.status == .dispatched)
        try stream.record(Make.dispatched("P2"), at: 3)
        try stream.record(Make.arrived("P2"), at: 8)
        try stream.record(Make.dispatched("P3"), at: 9)
        try stream.record(Make.arrived("P1"), at: 11)
        let state = try #require(stream.state)
        #expect(state.status == .onScene)
        #expect(state.firstDispatchedAt == Fixture.at(2))
        #expect(state.firstArrivedAt == Fixture.at(8))
        #expect(state.units["P1"]?.arrivedAt == Fixture.at(11))
        #expect(state.units["P3"]?.arrivedAt == nil)
    }

    @Test func aUnitIsDispatchedOnce() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        let rejection = stream.rejection(Make.dispatched("P1"), at: 3)
        #expect(rejection?.description == "cannot record a dispatch: unit P1 was already dispatched to this alert")
    }

    @Test func aDispatchAfterClearanceIsRejected() throws {
        var stream = try onScene()
        try stream.record(Make.cleared(.handled), at: 30)
        let rejection = stream.rejection(Make.dispatched("P2"), at: 31)
        #expect(rejection?.description == "cannot record a dispatch: alert is cleared; only a reopening or a reclassification may follow")
    }

    @Test func anArrivalOfAUnitNeverDispatchedIsRejected() throws {
        var stream = try received()
        #expect(stream.rejection(Make.arrived("P1"), at: 1)?.description
            == "cannot record an arrival: unit P1 was never dispatched to this alert; record its dispatch first")
        try stream.record(Make.dispatched("P1"), at: 2)
        let rejection = stream.rejection(Make.arrived("P2"), at: 3)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.description == "cannot record an arrival: unit P2 was never dispatched to this alert; record its dispatch first")
    }

    @Test func anArrivalBeforeItsDispatchTimeIsRejected() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 5)
        let rejection = stream.rejection(Make.arrived("P1"), at: 4)
        #expect(rejection?.code == .timeRunsBackwards)
        #expect(rejection?.description == "cannot record an arrival dated 2024-03-01T08:04:00Z: alert is dispatched and its latest entry is dated 2024-03-01T08:05:00Z; times may not run backwards")
    }

    @Test func aUnitArrivesOnce() throws {
        let rejection = try onScene().rejection(Make.arrived("P1"), at: 10)
        #expect(rejection?.description == "cannot record an arrival: unit P1 has already arrived")
    }

    @Test func anAlertIsDivertedBeforeDispatchOrFromTheScene() throws {
        var early = try received()
        try early.record(.alertDiverted(AlertDiverted(agency: "12345 hotline", beforeDispatch: true, workOrderRef: "WO-1")), at: 1)
        #expect(early.state?.status == .diverted)
        #expect(early.state?.diversion?.workOrderRef == "WO-1")

        var late = try onScene()
        try late.record(.alertDiverted(AlertDiverted(agency: "property company", beforeDispatch: false)), at: 20)
        #expect(late.state?.status == .diverted)
    }

    @Test func anAlertIsDivertedWhileItsUnitsAreOnTheirWay() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        try stream.record(.alertDiverted(AlertDiverted(agency: "fire brigade", beforeDispatch: false, workOrderRef: "F-9")), at: 3)
        let state = try #require(stream.state)
        #expect(state.status == .diverted)
        #expect(state.diversion?.agency == "fire brigade")
        #expect(state.units["P1"]?.arrivedAt == nil)
        let rejection = stream.rejection(Make.arrived("P1"), at: 4)
        #expect(rejection?.description == "cannot record an arrival: alert is diverted; only a reclassification may follow")
    }

    @Test func aDiversionAfterDispatchMayNotBeMarkedBeforeDispatch() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        let rejection = stream.rejection(.alertDiverted(AlertDiverted(agency: "street office", beforeDispatch: true)), at: 3)
        #expect(rejection?.currentState == "dispatched")
        #expect(rejection?.description == "cannot record a diversion marked before dispatch: alert is dispatched; an en-route entry, an arrival, a further dispatch, a clearance, a diversion, a cancellation or a reclassification may follow")
    }

    @Test func aDiversionMustSayTruthfullyWhetherUnitsWereSent() throws {
        let rejection = try onScene().rejection(
            .alertDiverted(AlertDiverted(agency: "street office", beforeDispatch: true)), at: 20)
        #expect(rejection?.description == "cannot record a diversion marked before dispatch: alert is on scene; a clearance, a diversion, further units or a reclassification may follow")
    }

    @Test func aClearanceFromTheSceneRecordsItsFigures() throws {
        var stream = try onScene()
        try stream.record(.alertCleared(AlertCleared(disposition: .caseOpened, caseRef: "A-17", deaths: 0, injuries: 2)), at: 45)
        let state = try #require(stream.state)
        #expect(state.status == .cleared)
        #expect(state.clearedAt == Fixture.at(45))
        #expect(state.clearance?.injuries == 2)
    }

    @Test(arguments: [AlertCleared.Disposition.adviceOnly, .invalid, .duplicate])
    func adviceAFalseAlarmOrADuplicateClearsAnAlertBeforeDispatch(_ disposition: AlertCleared.Disposition) throws {
        var stream = try received()
        try stream.record(Make.cleared(disposition), at: 1)
        #expect(stream.state?.status == .cleared)
        #expect(stream.state?.clearance?.disposition == disposition)
        #expect(stream.state?.units.isEmpty == true)
    }

    @Test(arguments: [AlertCleared.Disposition.handled, .mediated, .caseOpened])
    func aClearanceThatNeedsAUnitIsRejectedBeforeDispatch(_ disposition: AlertCleared.Disposition) throws {
        let rejection = try received().rejection(Make.cleared(disposition), at: 1)
        #expect(rejection?.currentState == "received")
        #expect(rejection?.description == "cannot record a clearance as \(disposition.rawValue): alert is received; a dispatch, a diversion, a clearance as advice_only, invalid or duplicate, a cancellation or a reclassification may follow")
    }

    @Test func aClearanceWithoutArrivalIsAllowedSoMissingArrivalsCanBeCounted() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        try stream.record(Make.cleared(.handled), at: 3)
        #expect(stream.state?.status == .cleared)
        #expect(stream.state?.units["P1"]?.arrivedAt == nil)
        let rejection = stream.rejection(Make.arrived("P1"), at: 4)
        #expect(rejection?.description.hasPrefix("cannot record an arrival: alert is cleared") == true)
    }

    @Test func negativeCasualtiesAreRejected() throws {
        let rejection = try onScene().rejection(.alertCleared(AlertCleared(disposition: .handled, injuries: -1)), at: 20)
        #expect(rejection?.code == .outOfRange)
        #expect(rejection?.description == "injuries must be between 0 and 10000, not -1")
    }

    @Test func anAlertIsCancelledBeforeArrival() throws {
        var stream = try received()
        try stream.record(Make.dispatched("P1"), at: 2)
        try stream.record(.alertCancelled(AlertCancelled(reason: "duplicate call")), at: 3)
        #expect(stream.state?.status == .cancelled)
    }

    @Test func aCancellationOnSceneIsRejected() throws {
        let rejection = try onScene().rejection(.alertCancelled(AlertCancelled(reason: "late")), at: 20)
        #expect(rejection?.description == "cannot record a cancellation: alert is on scene; a clearance, a diversion, further units or a reclassification may follow")
    }

    @Test func aCancellationNeedsAReason() throws {
        let rejection = try received().rejection(.alertCancelled(AlertCancelled(reason: "  ")), at: 1)
        #expect(rejection?.description == "reason must not be empty")
    }
}
