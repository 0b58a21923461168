import Events

extension Statistics {
    /// Alert volume and response intervals for `query` (`GET /stats/alerts`).
    public func alerts(_ query: AlertStatsQuery) async throws -> StatisticsReport<AlertFigures> {
        try await snapshot(Self.alertProjections) { connection, position, tables in
            try await alerts(query, on: connection, asOf: position, tables: tables)
        }
    }

    /// The projections the alert figures read.
    static let alertProjections: [Projection] = [.alerts, .stations]

    /// The alert figures inside a snapshot the caller holds.
    func alerts(
        _ query: AlertStatsQuery, on connection: PostgresConnection, asOf position: Int64, tables: ReadTables
    ) async throws -> StatisticsReport<AlertFigures> {
        let filter = query.filter
        let parameters = CohortSQL.parameters(filter) + [query.targetMinutes]
        let cohort = CohortSQL.alerts
        let targets = Self.targetJoin(tables)
        let metrics = Self.alertMetrics(includeOfficerInitiated: query.includeOfficerInitiated)
        let reported = AlertCase.reportedIntervals(includeOfficerInitiated: query.includeOfficerInitiated)
        let totals: AlertFigures
        if sublinearReads && MonthAggregateReader.usable(filter), let aggregated = try await MonthAggregateReader(
            cohort: cohort, aggregates: AlertCase.monthAggregates, tables: tables, filter: filter,
            target: .init(override: query.targetMinutes, responseKinds: reported.first { $0.name == "response" }?.kinds ?? []),
            reported: reported
        ).totalsIfKept(on: connection) {
            totals = Self.alertFigures(aggregated)
        } else {
            totals = try await connection.query(
                cohort.query(groupBy: [], metrics: metrics, extraJoins: targets, tables: tables), parameters
            ).first.map(Self.alertFigures) ?? Self.emptyAlertFigures
        }
        var rows: [StatisticsReport<AlertFigures>.Row] = []
        if !filter.groupBy.isEmpty {
            rows = try await connection.query(
                cohort.query(groupBy: filter.groupBy, metrics: metrics, extraJoins: targets, tables: tables), parameters
            ).map { row in
                .init(group: CohortSQL.groupValues(row, filter.groupBy), figures: try Self.alertFigures(row))
            }
        }
        if filter.groupBy.contains(.community) {
            rows = try await withShareOfStation(rows, filter: filter, on: connection, tables: tables)
        }
        return StatisticsReport(
            from: filter.from, to: filter.to, asOfPosition: position, definitionsVersion: definitionsVersion,
            rows: rows, totals: totals)
    }

    /// Adds `shareOfStation` to community rows: the row's received over its station's
    /// received with the same filters and other group values, whatever community.
    private func withShareOfStation(
        _ rows: [StatisticsReport<AlertFigures>.Row], filter: StatsFilter, on connection: PostgresConnection,
        tables: ReadTables
    ) async throws -> [StatisticsReport<AlertFigures>.Row] {
        let others = filter.groupBy.filter { $0 != .community && $0 != .station }
        let keys: [GroupKey] = [.station] + others
        var stationFilter = filter
        stationFilter.communityId = nil
        let stationRows = try await connection.query(
            CohortSQL.alerts.query(groupBy: keys, metrics: "count(*) as received", tables: tables), CohortSQL.parameters(stationFilter))
        var stationReceived: [[String?]: Int] = [:]
        for row in stationRows {
            stationReceived[(0..<keys.count).map { row["g\($0)"] }] = try row.decode("received")
        }
        let owners = try await connection.query(
            "select community_id, station_id from \(tables["communities"]) where community_id = any($1::text[])",
            [PostgresArray(rows.compactMap { $0.group.first { $0.key == .community }?.value })])
        var ownerOf: [String: String] = [:]
        for row in owners { ownerOf[try row.decode("community_id")] = try row.decode("station_id") }
        return rows.map { row in
            var row = row
            let value = { (key: GroupKey) in row.group.first { $0.key == key }?.value }
            let station = value(.station) ?? value(.community).flatMap { ownerOf[$0] }
            if let station, let denominator = stationReceived[[station] + others.map(value)] {
                row.figures.shareOfStation = Rate(row.figures.received, over: denominator)
            }
            return row
        }
    }

    /// The target in force on the alert's local date (`t.minutes`): `$6` when given, else
    /// the latest change effective by then (the later recorded on the same date), else the
    /// registered target, else 10.
    ///
    /// Each station's targets become periods `[starts, ends)` first, a handful of rows, so
    /// every alert finds its target by a hash join instead of a subquery of its own; an
    /// alert of a station with a single period needs no local date for it.
    static func targetJoin(_ tables: ReadTables) -> String {
        """
        left join (\(targetPeriods(tables))) p
          on p.station_id = c.station_id and (p.whole or (l.local_date >= p.starts and l.local_date < p.ends))
        cross join lateral (select coalesce($6::int, p.minutes, 10) as minutes) t
        """
    }

    /// Each station's targets as periods of local dates `[starts, ends)` with their
    /// `minutes`, and `whole` when the station has a single period.
    static func targetPeriods(_ tables: ReadTables) -> String {
        """
        select station_id, starts, lead(starts, 1, 'infinity') over (partition by station_id order by starts) as ends, minutes,
               count(*) over (partition by station_id) = 1 as whole
          from (
              select station_id, '-infinity'::date as starts, registered_target as minutes from \(tables["stations"])
              union all
              (select distinct on (station_id, effective_from) station_id, effective_from, minutes
                 from \(tables["station_targets"])
                order by station_id, effective_from, sequence desc)
          ) changes
        """
    }

    /// The alert figures' select list over the cohort `c` and its target `t`: officer-initiated
    /// alerts enter the response intervals and `within_target` only when included.
    static func alertMetrics(includeOfficerInitiated: Bool) -> String {
        let counted = includeOfficerInitiated ? "true" : "not c.officer_initiated"
        let intervals = AlertCase.responseIntervals.map { ($0, counted) } + [("on_scene", "true")]
        let summaries = intervals.map { name, condition in
            """
            count(c.\(name)_seconds) filter (where \(condition)) as \(name)_count,
            (avg(c.\(name)_seconds) filter (where \(condition)))::float8 as \(name)_mean,
            percentile_disc(0.5) within group (order by c.\(name)_seconds) filter (where \(condition)) as \(name)_p50,
            percentile_disc(0.9) within group (order by c.\(name)_seconds) filter (where \(condition)) as \(name)_p90,
            max(c.\(name)_seconds) filter (where \(condition)) as \(name)_max
            """
        }
        return ([
            "count(*) as received",
            "count(*) filter (where c.police_matter) as police_matters",
            "count(*) filter (where c.diverted) as diverted",
            "count(*) filter (where c.cancelled) as cancelled",
            "count(*) filter (where c.reopened) as reopened",
            "count(*) filter (where c.officer_initiated) as officer_initiated",
            "count(*) filter (where c.response_seconds <= t.minutes * 60 and \(counted)) as within_target",
            "count(*) filter (where c.missing_arrival) as missing_arrival",
            "coalesce(sum(c.deaths), 0) as deaths",
            "coalesce(sum(c.injuries), 0) as injuries",
            "coalesce(sum(c.amended_times), 0) as amended_times",
        ] + summaries).joined(separator: ",\n")
    }

    static func alertFigures(_ row: PostgresRow) throws -> AlertFigures {
        func interval(_ name: String) throws -> IntervalSummary {
            IntervalSummary(
                count: try row.decode("\(name)_count"), meanSeconds: try row.decodeIfPresent("\(name)_mean"),
                p50Seconds: try row.decodeIfPresent("\(name)_p50"), p90Seconds: try row.decodeIfPresent("\(name)_p90"),
                maxSeconds: try row.decodeIfPresent("\(name)_max"))
        }
        return AlertFigures(
            received: try row.decode("received"), policeMatters: try row.decode("police_matters"),
            diverted: try row.decode("diverted"), cancelled: try row.decode("cancelled"),
            reopened: try row.decode("reopened"), officerInitiated: try row.decode("officer_initiated"),
            dispatchDelay: try interval("dispatch_delay"), turnout: try interval("turnout"),
            drive: try interval("drive"), travel: try interval("travel"),
            response: try interval("response"), onScene: try interval("on_scene"),
            withinTarget: try row.decode("within_target"), missingArrival: try row.decode("missing_arrival"),
            deaths: try row.decode("deaths"), injuries: try row.decode("injuries"),
            amendedTimes: try row.decode("amended_times"), shareOfStation: nil)
    }

    /// The figures of totals read from the month aggregates.
    static func alertFigures(_ totals: MonthAggregateReader.Totals) -> AlertFigures {
        let none = IntervalSummary(values: [])
        let count = { (name: String) in totals.counts[name] ?? 0 }
        return AlertFigures(
            received: count("received"), policeMatters: count("police_matters"), diverted: count("diverted"),
            cancelled: count("cancelled"), reopened: count("reopened"), officerInitiated: count("officer_initiated"),
            dispatchDelay: totals.intervals["dispatch_delay"] ?? none, turnout: totals.intervals["turnout"] ?? none,
            drive: totals.intervals["drive"] ?? none, travel: totals.intervals["travel"] ?? none, response: totals.intervals["response"] ?? none,
            onScene: totals.intervals["on_scene"] ?? none, withinTarget: count("within_target"),
            missingArrival: count("missing_arrival"), deaths: count("deaths"), injuries: count("injuries"),
            amendedTimes: count("amended_times"), shareOfStation: nil)
    }

    /// The figures of an empty cohort.
    static let emptyAlertFigures: AlertFigures = {
        let none = IntervalSummary(values: [])
        return AlertFigures(
            received: 0, policeMatters: 0, diverted: 0, cancelled: 0, reopened: 0, officerInitiated: 0,
            dispatchDelay: none, turnout: none, drive: none, travel: none,
            response: none, onScene: none, withinTarget: 0, missingArrival: 0, deaths: 0, injuries: 0,
            amendedTimes: 0, shareOfStation: nil)
    }()
}
