import Events
import Foundation
import Testing

/// The definitionsVersion 2 alert shapes of real dispatch data: units en route and alerts
/// reopened after clearance (events.md, Alerts).
@Suite("Alert en route and reopening")
struct AlertReopeningAndEnRouteTests {
    private func dispatched() throws -> StreamFixture<AlertLifecycle> {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        try stream.record(Make.dispatched("P1"), at: 2)
        return stream
    }

    private static func enRoute(_ unit: String) -> DomainEvent {
        .unitEnRoute(UnitEnRoute(unitId: unit))
    }

    private static let reopened = DomainEvent.alertReopened(AlertReopened(reason: "the caller rang again"))

    @Test func anEnRouteEntryRecordsItsTimeAndChangesNoState() throws {
        var stream = try dispatched()
        try stream.record(Self.enRoute("P1"), at: 3)
        let state = try #require(stream.state)
        #expect(state.status == .dispatched)
        #expect(state.firstEnRouteAt == Fixture.at(3))
        #expect(state.units["P1"]?.enRouteAt == Fixture.at(3))
        try stream.record(Make.arrived("P1"), at: 9)
        #expect(stream.state?.status == .onScene)
        #expect(stream.state?.firstEnRouteAt == Fixture.at(3))
    }

    @Test func aUnitNeverDispatchedCannotBeEnRoute() throws {
        let rejection = try dispatched().rejection(Self.enRoute("P9"), at: 3)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.description == "cannot record an en-route entry: unit P9 was never dispatched to this alert; record its dispatch first")
    }

    @Test func aReceivedAlertHasNoUnitEnRoute() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        #expect(stream.rejection(Self.enRoute("P1"), at: 1)?.currentState == "received")
    }

    @Test func aUnitIsEnRouteOnceAndOnlyBeforeItArrives() throws {
        var stream = try dispatched()
        try stream.record(Make.dispatched("P2"), at: 2)
        try stream.record(Self.enRoute("P1"), at: 3)
        #expect(stream.rejection(Self.enRoute("P1"), at: 4)?.description == "cannot record an en-route entry: unit P1 is already recorded en route")
        try stream.record(Make.arrived("P2"), at: 9)
        #expect(stream.rejection(Self.enRoute("P2"), at: 10)?.description == "cannot record an en-route entry: unit P2 has already arrived")
    }

    @Test func theFirstEnRouteMayNotComeAfterTheFirstArrival() throws {
        var stream = try dispatched()
        try stream.record(Make.dispatched("P2"), at: 3)
        try stream.record(Make.arrived("P1"), at: 9)
        let rejection = stream.rejection(Self.enRoute("P2"), at: 10)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.currentState == "on_scene")
        // Once a unit was recorded en route before the first arrival, later units may be too.
        var ordered = try dispatched()
        try ordered.record(Make.dispatched("P2"), at: 3)
        try ordered.record(Self.enRoute("P1"), at: 4)
        try ordered.record(Make.arrived("P1"), at: 9)
        try ordered.record(Self.enRoute("P2"), at: 10)
        #expect(ordered.state?.firstEnRouteAt == Fixture.at(4))
    }

    @Test(arguments: [("received", 0), ("dispatched", 1), ("on_scene", 2)])
    func aReopeningReturnsToTheStateItWasClearedFrom(_ expected: String, _ reached: Int) throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        if reached >= 1 { try stream.record(Make.dispatched("P1"), at: 2) }
        if reached >= 2 { try stream.record(Make.arrived("P1"), at: 9) }
        try stream.record(Make.cleared(reached == 0 ? .invalid : .handled), at: 20)
        try stream.record(Self.reopened, at: 30)
        let state = try #require(stream.state)
        #expect(state.status.rawValue == expected)
        #expect(state.clearedAt == nil)
        #expect(state.clearance == nil)
        #expect(state.reopenings == 1)
    }

    @Test func aReopenedAlertTakesMoreUnitsAndALaterClearance() throws {
        var stream = try dispatched()
        // The first trip has no en-route time; the unit sent back has one, which is
        // accepted after the reopening but does not become the alert's first en route.
        try stream.record(Make.arrived("P1"), at: 9)
        try stream.record(Make.cleared(.handled), at: 20)
        try stream.record(Self.reopened, at: 30)
        try stream.record(Make.dispatched("P2"), at: 31)
        try stream.record(Self.enRoute("P2"), at: 32)
        try stream.record(Make.arrived("P2"), at: 40)
        try stream.record(.alertCleared(AlertCleared(disposition: .caseOpened, deaths: 1, injuries: 0)), at: 50)
        let state = try #require(stream.state)
        #expect(state.status == .cleared)
        #expect(state.clearedAt == Fixture.at(50))
        #expect(state.clearance?.deaths == 1)
        #expect(state.firstArrivedAt == Fixture.at(9))
        #expect(state.firstEnRouteAt == nil)
        #expect(state.units["P2"]?.enRouteAt == Fixture.at(32))
        #expect(state.reopenings == 1)
    }

    @Test(arguments: ["received", "dispatched", "on_scene", "diverted", "cancelled"])
    func onlyAClearedAlertMayBeReopened(_ status: String) throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        switch status {
        case "dispatched": try stream.record(Make.dispatched("P1"), at: 1)
        case "on_scene":
            try stream.record(Make.dispatched("P1"), at: 1)
            try stream.record(Make.arrived("P1"), at: 2)
        case "diverted": try stream.record(.alertDiverted(AlertDiverted(agency: "street office", beforeDispatch: true)), at: 1)
        case "cancelled": try stream.record(.alertCancelled(AlertCancelled(reason: "withdrawn")), at: 1)
        default: break
        }
        let rejection = stream.rejection(Self.reopened, at: 5)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.currentState == status)
    }

    @Test func aReopeningNeedsAReason() throws {
        var stream = try dispatched()
        try stream.record(Make.cleared(.handled), at: 20)
        let rejection = stream.rejection(.alertReopened(AlertReopened(reason: "")), at: 30)
        #expect(rejection?.field == "reason")
    }

    @Test func aReopeningRunsForwardsFromTheClearance() throws {
        var stream = try dispatched()
        try stream.record(Make.cleared(.handled), at: 20)
        #expect(stream.rejection(Self.reopened, at: 19)?.code == .timeRunsBackwards)
    }

    @Test func retractingAnEnRouteEntryNeedsASupervisor() throws {
        var stream = try dispatched()
        let enRoute = try stream.record(Self.enRoute("P1"), at: 3)
        let byClerk = stream.rejection(Make.retract(enRoute), at: 4)
        #expect(byClerk?.code == .roleRequired)
        try stream.record(Make.retract(enRoute), at: 4, role: .supervisor)
        #expect(stream.state?.firstEnRouteAt == nil)
    }
}
