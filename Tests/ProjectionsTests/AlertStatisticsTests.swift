import Events
import Foundation
import Projections
import TestSupport
import Testing

@Suite(.database, .serialized) struct AlertStatisticsTests {
    func figures(_ f: Fixture, _ stations: [String], _ from: String, _ to: String, category: String? = nil, groupBy: [GroupKey] = [], target: Int? = nil) async throws -> StatisticsReport<AlertFigures> {
        try await f.statistics.alerts(AlertStatsQuery(
            filter: StatsFilter(from: Fixture.date(from), to: Fixture.date(to), stationIds: stations, category: category, groupBy: groupBy),
            targetMinutes: target))
    }

    @Test func localMidnightSplitsDaysInTheStationsZone() async throws {
        let f = try Fixture()
        try await f.station("sh", communities: ["c1", "c2"])
        try await f.station("ny", zone: "America/New_York")
        // Both at 2024-01-10 UTC, but on 10 and 11 January in Shanghai.
        try await f.alert("sh", at: "2024-01-10T23:59:59+08:00", community: "c1")
        try await f.alert("sh", at: "2024-01-11T00:00:00+08:00", community: "c2")
        try await f.alert("sh", at: "2024-01-10T09:00:00+08:00", community: "c1")
        // Both on 11 January in UTC, but on 10 and 11 January in New York.
        try await f.alert("ny", at: "2024-01-10T23:59:59-05:00")
        try await f.alert("ny", at: "2024-01-11T00:00:00-05:00")
        try await f.catchUp()
        #expect(try await figures(f, ["sh"], "2024-01-10", "2024-01-10").totals.received == 2)
        #expect(try await figures(f, ["sh"], "2024-01-11", "2024-01-11").totals.received == 1)
        #expect(try await figures(f, ["ny"], "2024-01-10", "2024-01-10").totals.received == 1)
        #expect(try await figures(f, ["ny"], "2024-01-11", "2024-01-11").totals.received == 1)
        let byDay = try await figures(f, ["sh", "ny"], "2024-01-10", "2024-01-11", groupBy: [.station, .day])
        #expect(byDay.rows.map { $0.group.compactMap(\.value).joined(separator: " ") + " \($0.figures.received)" }
                == ["ny 2024-01-10 1", "ny 2024-01-11 1", "sh 2024-01-10 2", "sh 2024-01-11 1"])
        let byCommunity = try await figures(f, ["sh"], "2024-01-10", "2024-01-11", groupBy: [.community])
        #expect(byCommunity.rows.map { $0.figures.shareOfStation?.value } == [2.0 / 3.0, 1.0 / 3.0])
    }

    /// The cohort test skips the zone lookup for rows well inside the range: the ends must
    /// still be exact in the zones furthest from UTC, over ranges of one and several days.
    @Test func rangeEndsAreExactInTheFarthestZones() async throws {
        let f = try Fixture()
        for (station, zone, offset) in [("east", "Pacific/Kiritimati", "+14:00"), ("west", "Etc/GMT+12", "-12:00")] {
            try await f.station(station, zone: zone)
            for time in ["2024-03-09T23:59:59", "2024-03-10T00:00:00", "2024-03-10T23:59:59", "2024-03-11T12:00:00",
                         "2024-03-12T00:00:00", "2024-03-12T23:59:59", "2024-03-13T00:00:00"] {
                try await f.alert(station, at: time + offset)
            }
        }
        try await f.catchUp()
        for station in ["east", "west"] {
            #expect(try await figures(f, [station], "2024-03-10", "2024-03-12").totals.received == 5)
            #expect(try await figures(f, [station], "2024-03-10", "2024-03-10").totals.received == 2)
            #expect(try await figures(f, [station], "2024-03-11", "2024-03-12").totals.received == 3)
            #expect(try await figures(f, [station], "2024-03-09", "2024-03-09").totals.received == 1)
            #expect(try await figures(f, [station], "2024-03-13", "2024-03-20").totals.received == 1)
        }
    }

    @Test func percentilesByNearestRankOnEvenAndOddCounts() async throws {
        let f = try Fixture()
        try await f.station("even")
        try await f.station("odd")
        for seconds in [240, 60, 180, 120] { try await f.alert("even", at: "2024-02-01T10:00:00+08:00", respondingIn: seconds) }
        for seconds in [500, 100, 400, 300, 200] { try await f.alert("odd", at: "2024-02-01T10:00:00+08:00", respondingIn: seconds) }
        try await f.catchUp()
        let even = try await figures(f, ["even"], "2024-02-01", "2024-02-01").totals.response
        #expect(even == IntervalSummary(count: 4, meanSeconds: 150, p50Seconds: 120, p90Seconds: 240, maxSeconds: 240))
        #expect(even == IntervalSummary(values: [60, 120, 180, 240]))
        let odd = try await figures(f, ["odd"], "2024-02-01", "2024-02-01").totals.response
        #expect(odd == IntervalSummary(count: 5, meanSeconds: 300, p50Seconds: 300, p90Seconds: 500, maxSeconds: 500))
    }

    @Test func targetInForceOnTheReceivedDateAndOverride() async throws {
        let f = try Fixture()
        try await f.station("tg")
        try await f.append(.stationTargetChanged(StationTargetChanged(stationId: "tg", responseTargetMinutes: 2, effectiveFrom: Fixture.date("2024-03-02"))),
                           at: "2024-01-01T00:00:00Z", station: "tg")
        for seconds in [60, 120, 180, 240] { try await f.alert("tg", at: "2024-03-01T10:00:00+08:00", respondingIn: seconds) }
        for seconds in [60, 120, 180, 240] { try await f.alert("tg", at: "2024-03-02T10:00:00+08:00", respondingIn: seconds) }
        try await f.catchUp()
        let before = try await figures(f, ["tg"], "2024-03-01", "2024-03-01").totals
        #expect(before.withinTarget == 4 && before.withinTargetRate.value == 1)
        let after = try await figures(f, ["tg"], "2024-03-02", "2024-03-02").totals
        #expect(after.withinTarget == 2 && after.withinTargetRate.value == 0.5)
        let overridden = try await figures(f, ["tg"], "2024-03-01", "2024-03-02", target: 3).totals
        #expect(overridden.withinTarget == 6)
    }

    @Test func reclassifiedRetractedDivertedCancelledAndAmended() async throws {
        let f = try Fixture()
        try await f.station("mx")
        // m1: dispatched after 2 min, arrival amended from 08:10 to 08:07, cleared 09:00 with casualties.
        let m1 = try await f.alert("mx", at: "2024-01-15T08:00:00+08:00")
        try await f.append(.unitDispatched(UnitDispatched(unitId: "u1")), at: "2024-01-15T08:02:00+08:00", stream: m1, station: "mx")
        let arrival = try await f.append(.unitArrived(UnitArrived(unitId: "u1")), at: "2024-01-15T08:10:00+08:00", stream: m1, station: "mx")
        try await f.append(.alertCleared(AlertCleared(disposition: .handled, deaths: 1, injuries: 2)), at: "2024-01-15T09:00:00+08:00", stream: m1, station: "mx")
        try await f.append(.entryAmended(EntryAmended(targetEventId: arrival, changes: ["occurredAt": .string("2024-01-15T00:07:00Z")], reason: "typo")),
                           at: "2024-01-15T10:00:00+08:00", stream: m1, station: "mx")
        // m2: dispatched after 5 min, cleared without an arrival.
        let m2 = try await f.alert("mx", at: "2024-01-15T08:00:00+08:00")
        try await f.append(.unitDispatched(UnitDispatched(unitId: "u2")), at: "2024-01-15T08:05:00+08:00", stream: m2, station: "mx")
        try await f.append(.alertCleared(AlertCleared(disposition: .handled)), at: "2024-01-15T08:30:00+08:00", stream: m2, station: "mx")
        // m3: not a police matter, diverted; m4: cancelled.
        let m3 = try await f.alert("mx", at: "2024-01-15T09:00:00+08:00", category: .nonPolice)
        try await f.append(.alertDiverted(AlertDiverted(agency: "12345", beforeDispatch: true)), at: "2024-01-15T09:01:00+08:00", stream: m3, station: "mx")
        let m4 = try await f.alert("mx", at: "2024-01-15T09:00:00+08:00")
        try await f.append(.alertCancelled(AlertCancelled(reason: "caller withdrew")), at: "2024-01-15T09:01:00+08:00", stream: m4, station: "mx")
        // m5: received as a dispute, reclassified as criminal.
        let m5 = try await f.alert("mx", at: "2024-01-15T11:00:00+08:00", category: .dispute)
        try await f.append(.alertReclassified(AlertReclassified(category: .criminal)), at: "2024-01-15T11:30:00+08:00", stream: m5, station: "mx")
        // m6: entered by mistake and retracted.
        let m6 = try await f.alert("mx", at: "2024-01-15T12:00:00+08:00", category: .criminal)
        let received = try #require(try await f.database.store.readStream(m6).first?.eventId)
        try await f.append(.entryRetracted(EntryRetracted(targetEventId: received, reason: "wrong station")), at: "2024-01-15T12:30:00+08:00", stream: m6, station: "mx")
        try await f.catchUp()

        let t = try await figures(f, ["mx"], "2024-01-15", "2024-01-15").totals
        #expect(t.received == 5)
        #expect(t.policeMatters == 4)
        #expect(t.diverted == 1 && t.diversionRate.value == 0.2)
        #expect(t.cancelled == 1)
        #expect(t.dispatchDelay == IntervalSummary(values: [120, 300]))
        #expect(t.travel == IntervalSummary(values: [300]))
        #expect(t.response == IntervalSummary(values: [420]))
        #expect(t.onScene == IntervalSummary(values: [3180]))
        #expect(t.withinTarget == 1 && t.withinTargetRate.value == 1)
        #expect(t.missingArrival == 1)
        #expect(t.deaths == 1 && t.injuries == 2)
        #expect(t.amendedTimes == 1)

        let criminal = try await figures(f, ["mx"], "2024-01-15", "2024-01-15", category: "criminal").totals
        #expect(criminal.received == 1)
        let dispute = try await figures(f, ["mx"], "2024-01-15", "2024-01-15", category: "dispute").totals
        #expect(dispute.received == 0)
        let initial = try await figures(f, ["mx"], "2024-01-15", "2024-01-15", groupBy: [.initialCategory])
        #expect(initial.rows.contains { $0.group.first?.value == "dispute" && $0.figures.received == 1 })
    }
}
