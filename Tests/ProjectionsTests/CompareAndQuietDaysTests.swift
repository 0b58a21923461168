import Events
import Foundation
import Projections
import TestSupport
import Testing

@Suite(.database, .serialized) struct CompareAndQuietDaysTests {
    @Test func yearOnYearAcrossALeapDay() async throws {
        let f = try Fixture()
        try await f.station("lp")
        for time in ["2024-02-01T10:00:00+08:00", "2024-02-15T10:00:00+08:00", "2024-02-29T10:00:00+08:00",
                     "2023-02-10T10:00:00+08:00", "2023-02-28T10:00:00+08:00", "2023-03-01T10:00:00+08:00"] {
            try await f.alert("lp", at: time)
        }
        try await f.catchUp()
        let month = try await f.statistics.compare(CompareQuery(metric: "alerts.received", period: .month(year: 2024, month: 2), stationIds: ["lp"]))
        #expect(month.previousWindow == DateWindow(from: Fixture.date("2023-02-01"), to: Fixture.date("2023-02-28")))
        #expect(month.current == 3 && month.previous == 2)
        #expect(month.changeRatio == 0.5)
        #expect(month.smallBase)
        let leapDay = try await f.statistics.compare(CompareQuery(
            metric: "alerts.received", period: .custom(from: Fixture.date("2024-02-29"), to: Fixture.date("2024-02-29")), stationIds: ["lp"]))
        #expect(leapDay.previousWindow.from == Fixture.date("2023-02-28"))
        #expect(leapDay.current == 1 && leapDay.previous == 1 && leapDay.changeRatio == 0)
        let rate = try await f.statistics.compare(CompareQuery(metric: "alerts.withinTargetRate", period: .year(2024), stationIds: ["lp"]))
        #expect(rate.current == nil && rate.changePoints == nil)
        let empty = try await f.statistics.compare(CompareQuery(metric: "alerts.received", period: .year(2022), stationIds: ["lp"]))
        #expect(empty.changeRatio == nil)
    }

    @Test func quietDaysStopAtTodayAndUseFinalCategory() async throws {
        let f = try Fixture()
        try await f.station("q1")
        try await f.station("q2")
        try await f.alert("q1", at: "2024-05-02T10:00:00+08:00", category: .criminal)
        try await f.alert("q1", at: "2024-05-04T23:30:00+08:00", category: .criminal)
        let reclassified = try await f.alert("q1", at: "2024-05-03T10:00:00+08:00", category: .criminal)
        try await f.append(.alertReclassified(AlertReclassified(category: .other)), at: "2024-05-03T11:00:00+08:00", stream: reclassified, station: "q1")
        try await f.alert("q1", at: "2024-05-05T10:00:00+08:00", category: .publicOrder)
        try await f.alert("q2", at: "2024-05-06T10:00:00+08:00", category: .criminal)
        // After today (2024-05-07 in the fixture's clock): not counted at all.
        try await f.alert("q1", at: "2024-05-09T10:00:00+08:00", category: .criminal)
        try await f.catchUp()
        let report = try await f.statistics.quietDays(QuietDaysQuery(filter: StatsFilter(
            from: Fixture.date("2024-05-01"), to: Fixture.date("2024-05-10"), stationIds: ["q1", "q2"], groupBy: [.station])))
        #expect(report.rows.map(\.figures) == [QuietDayFigures(days: 7, quietDays: 5), QuietDayFigures(days: 7, quietDays: 6)])
        #expect(report.totals == QuietDayFigures(days: 7, quietDays: 4))
        #expect(report.totals.quietShare.value == 4.0 / 7.0)
        let tenYears = try StatsFilter(from: Fixture.date("2015-01-01"), to: Fixture.date("2025-01-08"))
        #expect(throws: StatisticsQueryError.self) { try QuietDaysQuery(filter: tenYears) }
        let longest = try StatsFilter(from: Fixture.date("2015-01-01"), to: Fixture.date("2025-01-07"))
        #expect(try QuietDaysQuery(filter: longest).filter == longest)
    }

    @Test func windows() throws {
        let d = Fixture.date
        #expect(ComparePeriod.quarter(year: 2024, quarter: 1).window == DateWindow(from: d("2024-01-01"), to: d("2024-03-31")))
        #expect(ComparePeriod.yearToDate(d("2024-06-30")).window?.oneYearEarlier == DateWindow(from: d("2023-01-01"), to: d("2023-06-30")))
        #expect(ComparePeriod.month(year: 2024, month: 3).window?.preceding == DateWindow(from: d("2024-01-30"), to: d("2024-02-29")))
        #expect(d("2024-02-29").oneYearEarlier == d("2023-02-28"))
        #expect(d("2024-03-01").adding(days: -1) == d("2024-02-29"))
        #expect(LocalDate(dayNumber: 0) == d("1970-01-01"))
        let query = try CompareQuery(parameters: QueryParameters([("metric", "alerts.response.p90Seconds"), ("period", "quarter"), ("at", "2024-Q2"), ("against", "previous")]))
        #expect(query.period == .quarter(year: 2024, quarter: 2) && query.against == .previous)
        #expect(throws: StatisticsQueryError.self) {
            try CompareQuery(parameters: QueryParameters([("metric", "alerts.nonsense"), ("period", "year"), ("at", "2024")]))
        }
    }
}
