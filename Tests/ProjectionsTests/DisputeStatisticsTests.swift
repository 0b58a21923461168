import Events
import Foundation
import Projections
import TestSupport
import Testing

@Suite(.database, .serialized) struct DisputeStatisticsTests {
    /// Six disputes in March 2024 whose funnel is worked out by hand in the comments.
    func seed(_ f: Fixture) async throws {
        try await f.station("d1")
        // d1: mediated with agreement, resolved on scene after 1 day, follow-ups: satisfied + one not reached.
        let d1 = try await f.dispute("d1", at: "2024-03-01T10:00:00+08:00")
        try await f.append(.mediationHeld(MediationHeld(mechanism: .police, outcome: .agreement)), at: "2024-03-01T12:00:00+08:00", stream: d1, station: "d1")
        try await f.append(.disputeResolved(DisputeResolved(method: .mediation, resolutionLevel: .scene)), at: "2024-03-02T10:00:00+08:00", stream: d1, station: "d1")
        try await f.append(.followUpConducted(FollowUpConducted(reached: true, rating: .satisfied)), at: "2024-03-05T10:00:00+08:00", stream: d1, station: "d1")
        try await f.append(.followUpConducted(FollowUpConducted(reached: false)), at: "2024-03-06T10:00:00+08:00", stream: d1, station: "d1")
        // d2: mediation without agreement, closed unresolved, follow-up dissatisfied.
        let d2 = try await f.dispute("d1", at: "2024-03-02T10:00:00+08:00")
        try await f.append(.mediationHeld(MediationHeld(mechanism: .peoples, outcome: .noAgreement)), at: "2024-03-02T11:00:00+08:00", stream: d2, station: "d1")
        try await f.append(.disputeClosedUnresolved(DisputeClosedUnresolved(reason: .refused)), at: "2024-03-03T11:00:00+08:00", stream: d2, station: "d1")
        try await f.append(.followUpConducted(FollowUpConducted(reached: true, rating: .dissatisfied)), at: "2024-03-04T11:00:00+08:00", stream: d2, station: "d1")
        // d3: only an adjourned mediation: not "mediated".
        let d3 = try await f.dispute("d1", at: "2024-03-03T10:00:00+08:00")
        try await f.append(.mediationHeld(MediationHeld(mechanism: .police, outcome: .adjourned)), at: "2024-03-03T11:00:00+08:00", stream: d3, station: "d1")
        // d4 (key): referred, resolved at station level after 3 days, follow-up basically satisfied.
        let d4 = try await f.dispute("d1", at: "2024-03-04T10:00:00+08:00", key: true, category: .labour)
        try await f.append(.disputeReferred(DisputeReferred(agency: "labour_bureau", mechanism: .administrative)), at: "2024-03-04T11:00:00+08:00", stream: d4, station: "d1")
        try await f.append(.disputeResolved(DisputeResolved(method: .referral, resolutionLevel: .station)), at: "2024-03-07T10:00:00+08:00", stream: d4, station: "d1")
        try await f.append(.followUpConducted(FollowUpConducted(reached: true, rating: .basicallySatisfied)), at: "2024-03-08T10:00:00+08:00", stream: d4, station: "d1")
        // d5: resolved at grid level, then reopened: no longer resolved.
        let d5 = try await f.dispute("d1", at: "2024-03-05T10:00:00+08:00")
        try await f.append(.disputeResolved(DisputeResolved(method: .other, resolutionLevel: .grid)), at: "2024-03-05T11:00:00+08:00", stream: d5, station: "d1")
        try await f.append(.disputeReopened(DisputeReopened(cause: .recurrence)), at: "2024-03-06T11:00:00+08:00", stream: d5, station: "d1")
        // d6 (key): agreement, resolved at community level after 2 days.
        let d6 = try await f.dispute("d1", at: "2024-03-06T10:00:00+08:00", key: true)
        try await f.append(.mediationHeld(MediationHeld(mechanism: .joint, outcome: .agreement)), at: "2024-03-07T10:00:00+08:00", stream: d6, station: "d1")
        try await f.append(.disputeResolved(DisputeResolved(method: .mediation, resolutionLevel: .community)), at: "2024-03-08T10:00:00+08:00", stream: d6, station: "d1")
        // d7: logged by mistake and retracted; d8: outside the window.
        let d7 = try await f.dispute("d1", at: "2024-03-07T10:00:00+08:00")
        let logged = try await f.database.store.readStream(d7).first?.eventId
        try await f.append(.entryRetracted(EntryRetracted(targetEventId: try #require(logged), reason: "duplicate")), at: "2024-03-07T11:00:00+08:00", stream: d7, station: "d1")
        try await f.dispute("d1", at: "2024-04-01T10:00:00+08:00")
        try await f.catchUp()
    }

    @Test func funnelMatchesHandComputedFigures() async throws {
        let f = try Fixture()
        try await seed(f)
        let report = try await f.statistics.disputes(
            DisputeStatsQuery(filter: StatsFilter(from: Fixture.date("2024-03-01"), to: Fixture.date("2024-03-31"), stationIds: ["d1"])))
        let t = report.totals
        #expect(t.logged == 6)
        #expect(t.mediated == 3)
        #expect(t.agreements == 2)
        // Only "agreements / mediated" gives 2/3: not 2/4 sessions, nor 2/6 logged.
        #expect(t.mediationSuccessRate.value == 2.0 / 3.0)
        #expect(t.agreementShareOfLogged.value == 2.0 / 6.0)
        #expect(t.resolved == 3)
        #expect(t.closedUnresolved == 1)
        #expect(t.resolutionRate.value == 0.75)
        #expect(t.resolvedOnSite == 2)
        #expect(t.onSiteRate.value == 2.0 / 3.0)
        #expect(t.referred == 1)
        #expect(t.referralRate.value == 1.0 / 6.0)
        #expect(t.reopened == 1)
        #expect(t.keyResolved == 2)
        #expect(t.medianDaysToResolve == 2)
        #expect(t.followUps == 3)
        #expect(t.satisfied == 1 && t.basicallySatisfied == 1 && t.dissatisfied == 1)
        #expect(t.satisfactionRate.value == 0.5)
        #expect(report.asOfPosition > 0)

        let weighted = try await f.statistics.disputes(DisputeStatsQuery(
            filter: StatsFilter(from: Fixture.date("2024-03-01"), to: Fixture.date("2024-03-31"), stationIds: ["d1"]),
            basicallySatisfiedWeight: 1))
        #expect(weighted.totals.satisfactionRate.value == 2.0 / 3.0)

        let grouped = try await f.statistics.disputes(DisputeStatsQuery(
            filter: StatsFilter(from: Fixture.date("2024-03-01"), to: Fixture.date("2024-03-31"), groupBy: [.category])))
        #expect(grouped.rows.map { $0.group.first?.value } == ["labour", "neighbour"])
        #expect(grouped.rows.map(\.figures.logged) == [1, 5])

        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let totals = try #require(json?["totals"] as? [String: Any])
        #expect(totals["mediationSuccessRateNumerator"] as? Int == 2)
        #expect(totals["mediationSuccessRateDenominator"] as? Int == 3)
        #expect(Set(json?.keys.map { $0 } ?? []) == ["from", "to", "asOfPosition", "definitionsVersion", "rows", "totals"])
    }

    @Test func emptyCohortGivesNullRates() async throws {
        let f = try Fixture()
        try await f.catchUp()
        let report = try await f.statistics.disputes(
            DisputeStatsQuery(filter: StatsFilter(from: Fixture.date("2019-01-01"), to: Fixture.date("2019-01-31"))))
        #expect(report.totals.logged == 0)
        #expect(report.totals.mediationSuccessRate.value == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let totals = try #require(json?["totals"] as? [String: Any])
        #expect(totals["mediationSuccessRate"] is NSNull)
        #expect(totals["medianDaysToResolve"] is NSNull)
    }

    @Test func invalidParametersNameTheirFields() throws {
        #expect(throws: StatisticsQueryError.self) {
            try DisputeStatsQuery(parameters: QueryParameters([("from", "2024-02-30"), ("to", "2024-03-01"), ("groupBy", "initialCategory")]))
        }
        do {
            _ = try DisputeStatsQuery(parameters: QueryParameters([("from", "2024-03-05"), ("to", "2024-03-01"), ("category", "x")]))
            Issue.record("expected an error")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["to", "category"])
        }
    }
}
