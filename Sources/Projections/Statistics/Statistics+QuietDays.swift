import Events
import Foundation

extension Statistics {
    /// Days without an alert of `query.category` (`GET /stats/quiet-days`).
    ///
    /// A date counts for a station when it lies in [`from`, `to`] and is not after today
    /// on that station's calendar. Totals count a date quiet when none of the selected
    /// stations received such an alert, up to the latest "today" among them.
    public func quietDays(_ query: QuietDaysQuery) async throws -> StatisticsReport<QuietDayFigures> {
        let filter = query.filter
        let instant = now()
        let (position, stations, busy) = try await snapshot(Self.alertProjections) { connection, position, tables in
            let stations = try await connection.query(
                """
                select station_id, time_zone from \(tables["stations"])
                 where cardinality($1::text[]) = 0 or station_id = any($1::text[])
                 order by station_id
                """, [PostgresArray(filter.stationIds)]
            ).map { (id: try $0.decode("station_id", as: String.self), zone: try $0.decode("time_zone", as: String.self)) }
            let hits = try await busyDays(query, on: connection, tables: tables)
            var busy: [String: Set<String>] = [:]
            for row in hits {
                busy[try row.decode("station_id"), default: []].insert(try row.decode("local_date"))
            }
            return (position, stations, busy)
        }
        // Counted after the snapshot ends, so no pooled connection waits on this loop.
        var rows: [StatisticsReport<QuietDayFigures>.Row] = []
        var latestToday: LocalDate?
        for station in stations {
            let zone = TimeZone(identifier: station.zone) ?? TimeZone(identifier: StationRegistered.defaultTimeZone)
            let today = zone.map { LocalDate(instant, in: $0) } ?? filter.to
            latestToday = max(latestToday ?? today, today)
            let dates = Self.dates(from: filter.from, to: min(filter.to, today))
            let figures = QuietDayFigures(
                days: dates.count, quietDays: dates.filter { !(busy[station.id]?.contains($0) ?? false) }.count)
            rows.append(.init(group: [.init(key: .station, value: station.id)], figures: figures))
        }
        let fallbackToday = TimeZone(identifier: StationRegistered.defaultTimeZone).map { LocalDate(instant, in: $0) } ?? filter.to
        let dates = Self.dates(from: filter.from, to: min(filter.to, latestToday ?? fallbackToday))
        let anyBusy = busy.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        let totals = QuietDayFigures(days: dates.count, quietDays: dates.filter { !anyBusy.contains($0) }.count)
        return StatisticsReport(
            from: filter.from, to: filter.to, asOfPosition: position, definitionsVersion: definitionsVersion,
            rows: filter.groupBy.contains(.station) ? rows : [], totals: totals)
    }

    /// The (station, local date) pairs with an alert of the query's category.
    ///
    /// Without a community filter each station's dates are probed one by one, each an
    /// index lookup by `(station_id, category, received_at)` over the instants of that
    /// local date, which stops at the first alert: the cost follows the days asked for,
    /// not the alerts received. With one, every alert of the cohort is read.
    private func busyDays(_ query: QuietDaysQuery, on connection: PostgresConnection, tables: ReadTables) async throws -> [PostgresRow] {
        let filter = query.filter
        guard sublinearReads && filter.communityId == nil else {
            var alertFilter = filter
            alertFilter.category = query.category.rawValue
            return try await connection.query(
                "select distinct c.station_id, to_char(l.local_date, 'YYYY-MM-DD') as local_date \(CohortSQL.alerts.joins(tables)) \(CohortSQL.alerts.conditions)",
                CohortSQL.parameters(alertFilter))
        }
        return try await connection.query(
            """
            select s.station_id, to_char(d, 'YYYY-MM-DD') as local_date
              from \(tables["stations"]) s
             cross join generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') d
             where (cardinality($3::text[]) = 0 or s.station_id = any($3::text[]))
               and exists (
                   select 1 from \(tables["alerts"]) c
                    where c.station_id = s.station_id and c.category = $4
                      and c.received_at >= d at time zone s.time_zone
                      and c.received_at < (d + interval '1 day') at time zone s.time_zone)
            """, [filter.from.description, filter.to.description, PostgresArray(filter.stationIds), query.category.rawValue])
    }

    /// The dates from `from` through `to` as `YYYY-MM-DD`; empty when `to` is earlier.
    static func dates(from: LocalDate, to: LocalDate) -> [String] {
        guard from <= to else { return [] }
        return (from.dayNumber...to.dayNumber).compactMap { LocalDate(dayNumber: $0)?.description }
    }
}
