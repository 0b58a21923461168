import Events
import Foundation
import Testing

@Suite("Corrections")
struct CorrectionTests {
    @Test func aRetractedMediationNoLongerCounts() throws {
        var stream = Make.disputeStream
        try stream.record(Make.logged(), at: 0)
        let mediation = try stream.record(Make.mediation(.agreement), at: 10)
        #expect(stream.state?.mediations == 1)
        try stream.record(Make.retract(mediation), at: 20)
        let state = try #require(stream.state)
        #expect(state.mediations == 0)
        #expect(state.agreements == 0)
        #expect(state.status == .logged)
        #expect(stream.history.envelopes.count == 3)
        #expect(stream.history.effective.map(\.eventId) == [stream.history.envelopes[0].eventId])
    }

    @Test func aRetractedLoggingOfAnOtherwiseEmptyStreamLeavesNothing() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        try stream.record(Make.retract(logging), at: 1)
        #expect(stream.history.effective.isEmpty)
        #expect(stream.state == nil)
        #expect(try EffectiveHistory.of(stream.history.envelopes).isEmpty)
    }

    @Test func aRetractionThatLeavesAnIllegalHistoryIsRefused() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        try stream.record(Make.mediation(.adjourned), at: 5)
        let rejection = stream.rejection(Make.retract(logging), at: 6)
        #expect(rejection?.code == .correctionLeavesIllegalHistory)
        #expect(rejection?.description == "cannot retract entry \(logging.uuidString.lowercased()) (a new dispute): the record would no longer be legal — cannot record a mediation: dispute has not been logged; it must be logged first")
    }

    @Test func retractingTheOnlyDispatchOfAnArrivedUnitIsRefused() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        let dispatch = try stream.record(Make.dispatched("P1"), at: 2)
        try stream.record(Make.arrived("P1"), at: 9)
        let rejection = stream.rejection(Make.retract(dispatch), at: 10, role: .supervisor)
        #expect(rejection?.code == .correctionLeavesIllegalHistory)
        #expect(rejection?.description.hasSuffix("cannot record an arrival: unit P1 was never dispatched to this alert; record its dispatch first") == true)
    }

    @Test func aTargetMustBeAnUnretractedEntryOfThisStream() throws {
        var stream = Make.disputeStream
        try stream.record(Make.logged(), at: 0)
        let mediation = try stream.record(Make.mediation(.adjourned), at: 5)
        let stranger = UUID()
        #expect(stream.rejection(Make.retract(stranger), at: 6)?.description
            == "cannot record a retraction: entry \(stranger.uuidString.lowercased()) is not on this dispute's record; correct it on the record that holds it")

        let retraction = try stream.record(Make.retract(mediation), at: 6)
        let again = stream.rejection(Make.retract(mediation), at: 7)
        #expect(again?.code == .invalidCorrection)
        #expect(again?.description == "cannot record a retraction: entry \(mediation.uuidString.lowercased()) (a mediation) was already retracted")
        #expect(stream.rejection(Make.amend(mediation, ["venue": .string("hall")]), at: 7)?.description
            == "cannot record an amendment: entry \(mediation.uuidString.lowercased()) (a mediation) was already retracted")
        #expect(stream.rejection(Make.retract(retraction), at: 7)?.description
            == "cannot record a retraction: entry \(retraction.uuidString.lowercased()) is itself a correction; amend the original entry instead")
    }

    @Test func anAmendedArrivalTimeIsWhatTheStateShows() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        try stream.record(Make.dispatched("P1"), at: 2)
        let arrival = try stream.record(Make.arrived("P1"), at: 15)
        try stream.record(Make.amend(arrival, ["occurredAt": .string(Fixture.stamp(9))]), at: 30, role: .supervisor)
        let state = try #require(stream.state)
        #expect(state.firstArrivedAt == Fixture.at(9))
        #expect(state.units["P1"]?.arrivedAt == Fixture.at(9))
        #expect(state.amendedTimes == 1)
        #expect(stream.history.effective.last?.timeAmendments == 1)
    }

    @Test func amendingAnAlertTimeNeedsASupervisor() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        try stream.record(Make.dispatched("P1"), at: 2)
        let arrival = try stream.record(Make.arrived("P1"), at: 15)
        let rejection = stream.rejection(Make.amend(arrival, ["occurredAt": .string(Fixture.stamp(9))]), at: 30)
        #expect(rejection?.code == .roleRequired)
        #expect(rejection?.description == "cannot amend the time of entry \(arrival.uuidString.lowercased()) (an arrival): on an alert only a supervisor may amend times, because they drive the response figures")
    }

    @Test func retractingAnArrivalNeedsASupervisorWhoCorrectsOnlyTimes() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        try stream.record(Make.dispatched("P1"), at: 2)
        let arrival = try stream.record(Make.arrived("P1"), at: 15)
        let byClerk = stream.rejection(Make.retract(arrival), at: 30)
        #expect(byClerk?.code == .roleRequired)
        #expect(byClerk?.description == "cannot retract entry \(arrival.uuidString.lowercased()) (an arrival): on an alert only a supervisor may retract a dispatch, an en-route entry or an arrival, because they drive the response figures")
        let category = stream.rejection(Make.amend(arrival, ["note": .string("radio")]), at: 30, role: .supervisor)
        #expect(category?.code == .roleRequired)
        #expect(category?.description.hasSuffix("a supervisor may only amend times; a clerk records other corrections") == true)
        try stream.record(Make.retract(arrival), at: 30, role: .supervisor)
        #expect(stream.state?.status == .dispatched)
        #expect(stream.state?.firstArrivedAt == nil)
    }

    @Test func anAmendedTimeMustKeepTheRecordInOrder() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        try stream.record(Make.dispatched("P1"), at: 5)
        let arrival = try stream.record(Make.arrived("P1"), at: 15)
        let rejection = stream.rejection(
            Make.amend(arrival, ["occurredAt": .string(Fixture.stamp(4))]), at: 30, role: .admin)
        #expect(rejection?.code == .correctionLeavesIllegalHistory)
        #expect(rejection?.description.contains("times may not run backwards") == true)
    }

    @Test func aDisputeTimeMayBeAmendedByAClerk() throws {
        var stream = Make.disputeStream
        try stream.record(Make.logged(), at: 0)
        let resolution = try stream.record(Make.resolved, at: 600)
        try stream.record(Make.amend(resolution, ["occurredAt": .string("2024-03-01T17:00:00+08:00")]), at: 700)
        #expect(stream.state?.firstResolvedAt == Fixture.at(60))
    }

    @Test func anAmendedCategoryAndCommunityAreWhatTheStateShows() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        try stream.record(
            Make.amend(logging, ["category": .string("property_management"), "communityId": .string("c2"), "parties": .null]),
            at: 5)
        let state = try #require(stream.state)
        #expect(state.category == .propertyManagement)
        #expect(state.communityId == "c2")
        guard case .disputeLogged(let amended) = stream.history.effective.first?.event else {
            Issue.record("the effective history lost the logging")
            return
        }
        #expect(amended.parties == nil)
        #expect(stream.history.effective.first?.amendments == 1)
        #expect(stream.history.effective.first?.timeAmendments == 0)
    }

    @Test func anAmendmentIsCheckedLikeTheOriginalEntry() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        let badValue = stream.rejection(Make.amend(logging, ["category": .string("neighbor")]), at: 1)
        #expect(badValue?.code == .invalidPayload)
        #expect(badValue?.description == "cannot amend entry \(logging.uuidString.lowercased()) (a new dispute): the amended record would not be legal — DisputeLogged: category: \"neighbor\" is not one of neighbour, family, property_management, labour, commercial, traffic, land, other")

        let foreignCommunity = stream.rejection(Make.amend(logging, ["communityId": .string("c9")]), at: 1)
        #expect(foreignCommunity?.code == .correctionLeavesIllegalHistory)
        #expect(foreignCommunity?.description.hasSuffix("community c9 belongs to station s2, not to station s1") == true)
    }

    @Test func idsAndUnknownFieldsCannotBeAmended() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        let id = logging.uuidString.lowercased()
        #expect(stream.rejection(Make.amend(logging, ["stationId": .string("s2")]), at: 1)?.description
            == "cannot amend stationId of entry \(id) (a new dispute): it identifies the dispute or its station")
        #expect(stream.rejection(Make.amend(logging, ["disputeId": .string(UUID().uuidString)]), at: 1)?.code
            == .invalidCorrection)
        #expect(stream.rejection(Make.amend(logging, ["colour": .string("red")]), at: 1)?.description
            == "cannot amend entry \(id) (a new dispute): DisputeLogged has no field \"colour\"")
    }

    @Test func anAmendmentMustChangeSomething() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        let rejection = stream.rejection(Make.amend(logging, ["category": .string("neighbour")]), at: 1)
        #expect(rejection?.description == "cannot amend entry \(logging.uuidString.lowercased()) (a new dispute): the changes are the values it already has")
        #expect(stream.rejection(Make.amend(logging, [:]), at: 1)?.description
            == "an amendment must name at least one field to change")
    }

    @Test func anAmendedTimeMustBeRFC3339() throws {
        var stream = Make.disputeStream
        let logging = try stream.record(Make.logged(), at: 0)
        let rejection = stream.rejection(Make.amend(logging, ["occurredAt": .string("yesterday")]), at: 1)
        #expect(rejection?.code == .invalidPayload)
        #expect(rejection?.description.hasSuffix("occurredAt must be an RFC 3339 timestamp such as 2024-03-01T10:05:00Z") == true)
    }

    @Test func aRetractedAmendmentTargetLeavesOnlyTheRetraction() throws {
        var stream = Make.alertStream
        try stream.record(Make.received(), at: 0)
        let reclassification = try stream.record(.alertReclassified(AlertReclassified(category: .fire)), at: 1)
        try stream.record(Make.amend(reclassification, ["category": .string("traffic_accident")]), at: 2)
        #expect(stream.state?.category == .trafficAccident)
        try stream.record(Make.retract(reclassification), at: 3)
        #expect(stream.state?.category == .publicOrder)
        #expect(stream.state?.initialCategory == .publicOrder)
    }
}
