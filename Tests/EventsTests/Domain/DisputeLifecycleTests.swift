import Events
import Foundation
import Testing

@Suite("Dispute lifecycle")
struct DisputeLifecycleTests {
    private func logged() throws -> StreamFixture<DisputeLifecycle> {
        var stream = Make.disputeStream
        try stream.record(Make.logged(), at: 0)
        return stream
    }

    @Test func loggingStartsTheDispute() throws {
        let stream = try logged()
        let state = try #require(stream.state)
        #expect(state.status == .logged)
        #expect(state.stationId == "s1")
        #expect(state.communityId == "c1")
        #expect(state.key)
        #expect(state.loggedAt == Fixture.at(0))
    }

    @Test func loggingForAnUnknownStationIsRejected() {
        let rejection = Make.disputeStream.rejection(Make.logged(station: "s9", community: nil), at: 0)
        #expect(rejection?.code == .unknownReference)
        #expect(rejection?.description == "station s9 is not registered")
    }

    @Test func loggingInAnotherStationsCommunityIsRejected() {
        let rejection = Make.disputeStream.rejection(Make.logged(community: "c9"), at: 0)
        #expect(rejection?.code == .unknownReference)
        #expect(rejection?.description == "community c9 belongs to station s2, not to station s1")
        let unknown = Make.disputeStream.rejection(Make.logged(community: "c404"), at: 0)
        #expect(unknown?.description == "community c404 is not registered")
    }

    @Test func loggingTwiceIsRejected() throws {
        let rejection = try logged().rejection(Make.logged(), at: 1)
        #expect(rejection?.code == .alreadyExists)
        #expect(rejection?.description == "cannot record a new dispute: this dispute was already logged and dispute is logged")
    }

    @Test(arguments: [
        (MediationHeld.Outcome.adjourned, DisputeStatus.inMediation),
        (.agreement, .inMediation),
        (.noAgreement, .mediationFailed),
    ])
    func aMediationMovesTheDispute(_ outcome: MediationHeld.Outcome, _ status: DisputeStatus) throws {
        var stream = try logged()
        try stream.record(Make.mediation(outcome), at: 10)
        let state = try #require(stream.state)
        #expect(state.status == status)
        #expect(state.mediations == 1)
        #expect(state.agreements == (outcome == .agreement ? 1 : 0))
        #expect(state.awaitingResolution == (outcome == .agreement))
    }

    @Test func aMediationBeforeLoggingIsRejected() {
        let rejection = Make.disputeStream.rejection(Make.mediation(.adjourned), at: 0)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.currentState == nil)
        #expect(rejection?.description == "cannot record a mediation: dispute has not been logged; it must be logged first")
    }

    @Test func aMediationAfterResolutionIsRejected() throws {
        var stream = try logged()
        try stream.record(Make.resolved, at: 5)
        let rejection = stream.rejection(Make.mediation(.agreement), at: 6)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.currentState == "resolved")
        #expect(rejection?.description == "cannot record a mediation: dispute is resolved; only a reopening or a follow-up may follow")
    }

    @Test func aSecondFailedMediationIsRejectedButAnotherAttemptIsNot() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.noAgreement), at: 5)
        let rejection = stream.rejection(Make.mediation(.noAgreement), at: 6)
        #expect(rejection?.description == "cannot record a mediation without agreement: dispute's last mediation failed; a mediation that is adjourned or reaches agreement, a referral, a resolution or a closure may follow")
        try stream.record(Make.mediation(.adjourned), at: 7)
        #expect(stream.state?.status == .inMediation)
    }

    @Test func aReferralFollowsAFailedMediation() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.noAgreement), at: 5)
        try stream.record(Make.referred, at: 6)
        #expect(stream.state?.status == .referred)
        #expect(stream.state?.referrals == 1)
    }

    @Test func aSecondReferralIsRejected() throws {
        var stream = try logged()
        try stream.record(Make.referred, at: 5)
        let rejection = stream.rejection(Make.referred, at: 6)
        #expect(rejection?.description == "cannot record a referral: dispute is referred; only a resolution, a closure or a follow-up may follow")
    }

    @Test func aResolutionRecordsTheFirstResolutionTime() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.agreement), at: 5)
        try stream.record(Make.resolved, at: 60)
        let state = try #require(stream.state)
        #expect(state.status == .resolved)
        #expect(state.firstResolvedAt == Fixture.at(60))
        #expect(state.resolution?.resolutionLevel == .community)
        #expect(!state.awaitingResolution)
    }

    @Test func aSecondResolutionIsRejected() throws {
        var stream = try logged()
        try stream.record(Make.resolved, at: 5)
        let rejection = stream.rejection(Make.resolved, at: 6)
        #expect(rejection?.description == "cannot record a resolution: dispute is resolved; only a reopening or a follow-up may follow")
    }

    @Test func aClosureFollowsAFailedMediation() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.noAgreement), at: 5)
        try stream.record(Make.closed, at: 6)
        #expect(stream.state?.status == .closedUnresolved)
    }

    @Test func aClosureDuringMediationIsRejected() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.adjourned), at: 5)
        let rejection = stream.rejection(Make.closed, at: 6)
        #expect(rejection?.currentState == "in_mediation")
        #expect(rejection?.description == "cannot record a closure: dispute is in mediation; a further mediation, a referral or a resolution may follow")
    }

    @Test func aReopeningReturnsTheDisputeToMediation() throws {
        var stream = try logged()
        try stream.record(Make.closed, at: 5)
        try stream.record(Make.reopened, at: 6)
        #expect(stream.state?.status == .inMediation)
        #expect(stream.state?.reopenings == 1)
        try stream.record(Make.resolved, at: 7)
        #expect(stream.state?.firstResolvedAt == Fixture.at(7))
    }

    @Test func aReopeningOfAnOpenDisputeIsRejected() throws {
        let rejection = try logged().rejection(Make.reopened, at: 1)
        #expect(rejection?.description == "cannot record a reopening: dispute is logged; a mediation, a referral, a resolution or a closure may follow")
    }

    @Test(arguments: [Make.resolved, Make.referred, Make.closed])
    func aFollowUpIsAllowedOnceHandedOnOrFinished(_ finishing: DomainEvent) throws {
        var stream = try logged()
        try stream.record(finishing, at: 5)
        let status = stream.state?.status
        try stream.record(Make.followUp, at: 6)
        #expect(stream.state?.followUps == 1)
        #expect(stream.state?.status == status)
    }

    @Test func aFollowUpDuringMediationIsRejected() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.adjourned), at: 5)
        let rejection = stream.rejection(Make.followUp, at: 6)
        #expect(rejection?.description == "cannot record a follow-up: dispute is in mediation; a further mediation, a referral or a resolution may follow")
    }

    @Test func aFollowUpThatReachedNobodyCarriesNoRating() throws {
        var stream = try logged()
        try stream.record(Make.resolved, at: 5)
        let rejection = stream.rejection(
            .followUpConducted(FollowUpConducted(reached: false, rating: .satisfied)), at: 6)
        #expect(rejection?.code == .invalidPayload)
        #expect(rejection?.description == "a follow-up that did not reach the parties cannot carry a rating or say whether the agreement is kept")
    }

    @Test func timesMayNotRunBackwards() throws {
        var stream = try logged()
        try stream.record(Make.mediation(.adjourned), at: 30)
        let rejection = stream.rejection(Make.mediation(.agreement), at: 20)
        #expect(rejection?.code == .timeRunsBackwards)
        #expect(rejection?.description == "cannot record a mediation dated 2024-03-01T08:20:00Z: dispute is in mediation and its latest entry is dated 2024-03-01T08:30:00Z; times may not run backwards")
        try stream.record(Make.mediation(.agreement), at: 30)
        #expect(stream.state?.mediations == 2)
    }

    @Test func anAlertEventDoesNotBelongOnADispute() throws {
        let rejection = try logged().rejection(Make.dispatched("P1"), at: 1)
        #expect(rejection?.code == .wrongStream)
        #expect(rejection?.description == "cannot record a dispatch on a dispute's record: it belongs on an alert's record")
    }
}
