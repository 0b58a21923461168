import Events

/// Reads the totals of a cohort from the month aggregates (``MonthAggregates``) where they
/// cover it and from the case rows where they do not, with every figure exactly as the
/// row path (``CohortSQL``) computes it.
///
/// A question covers a station's aggregate month when every instant of the month falls on
/// one of its local dates in the station's zone (and, for alerts, one response target is
/// in force on all of them). Everything else in the cohort (the partial months at either
/// end, a station partitioned in another zone, a month split by a target change) is read
/// from the case rows between the covered months, by the `(station_id, time)` index.
/// Counts and sums add up; a mean is the summed seconds over the count, divided as
/// PostgreSQL's `avg` divides; a nearest-rank percentile is found by rank, first among
/// the summed buckets, then among the seconds of the one bucket that holds it.
struct MonthAggregateReader {
    /// The case rows' cohort.
    let cohort: CohortSQL
    /// The aggregates over those rows.
    let aggregates: MonthAggregates
    /// The versioned tables of the answer's snapshot.
    let tables: ReadTables
    /// The question's filter; ``usable(_:)`` must hold for it.
    let filter: StatsFilter
    /// Alerts: the target override (`targetMinutes`), and whether targets count at all.
    let target: Target?
    /// The intervals the answer reports, each the sum of one or more stored kinds.
    let reported: [(name: String, kinds: [String])]

    /// How response targets apply to a cohort of alerts.
    struct Target {
        /// The query's `targetMinutes`, overriding each station's target.
        let override: Int?
        /// The stored interval kinds whose values count against the target.
        let responseKinds: [String]
    }

    /// The totals read from both sources.
    struct Totals {
        /// Each sum column of the months table by name, and `within_target` for alerts.
        var counts: [String: Int]
        /// Per reported interval: its count, mean and the values at the ranks asked for.
        var intervals: [String: IntervalSummary]
    }

    /// Whether a filter can be answered from the aggregates: they hold every station and
    /// month but no community or category.
    static func usable(_ filter: StatsFilter) -> Bool {
        filter.communityId == nil && filter.category == nil
    }

    /// ``totals(on:)``, or nil when the serving version has no month aggregates (a version
    /// made before they existed, until `ProjectionCatalog.install` adds them): the caller
    /// then reads the case rows.
    func totalsIfKept(on connection: PostgresConnection) async throws -> Totals? {
        try await connection.query("savepoint ledger_month_aggregates")
        do {
            let totals = try await totals(on: connection)
            try await connection.query("release savepoint ledger_month_aggregates")
            return totals
        } catch let error as PostgresError where error.code == Statistics.undefinedTable {
            try await connection.query("rollback to savepoint ledger_month_aggregates")
            return nil
        }
    }

    /// The totals of the cohort, in the caller's snapshot.
    func totals(on connection: PostgresConnection) async throws -> Totals {
        let coverage = try await self.coverage(on: connection)
        let cohortParameters = CohortSQL.parameters(filter) + (target.map { [$0.override] } ?? [])
        let parameters = cohortParameters + coverage.parameters
        let with = common(first: cohortParameters.count + 1)
        let row = try await connection.query(with + figures, parameters).first
        var counts: [String: Int] = [:]
        for field in aggregates.months.sums.map(\.name) + (target == nil ? [] : ["within_target"]) {
            counts[field] = try row?.decode(field) ?? 0
        }
        var intervals: [String: IntervalSummary] = [:]
        for interval in reported {
            intervals[interval.name] = IntervalSummary(
                count: interval.kinds.reduce(0) { $0 + (counts["\($1)_count"] ?? 0) },
                meanSeconds: try row?.decodeIfPresent("\(interval.name)_mean"),
                p50Seconds: nil, p90Seconds: nil, maxSeconds: nil)
        }
        try await percentiles(&intervals, with: with, parameters: parameters, on: connection)
        return Totals(counts: counts, intervals: intervals)
    }

    // MARK: Coverage

    /// The covered months (station, month, target minutes) and the instant ranges left to
    /// the case rows (station, from, to), as statement parameters.
    struct Coverage {
        var stations: [String] = []
        var months: [String] = []
        var minutes: [Int?] = []
        var gapStations: [String] = []
        var gapFrom: [String] = []
        var gapTo: [String] = []

        var parameters: [(any PostgresBindable)?] {
            [PostgresArray(stations), PostgresArray(months), PostgresArray(minutes),
             PostgresArray(gapStations), PostgresArray(gapFrom), PostgresArray(gapTo)]
        }
    }

    func coverage(on connection: PostgresConnection) async throws -> Coverage {
        let zone = "coalesce(s.time_zone, '\(StationRegistered.defaultTimeZone)')"
        var periods = ""
        var targetJoin = ""
        var minutes = "null::int"
        var parameters: [(any PostgresBindable)?] = [filter.from.description, filter.to.description, PostgresArray(filter.stationIds)]
        if let target {
            parameters.append(target.override)
            periods = "with periods as (\(Statistics.targetPeriods(tables)))"
            targetJoin = """
                left join lateral (
                    select p.minutes from periods p
                     where p.station_id = m.station_id and p.starts <= d.first_day and d.last_day < p.ends
                ) t on true
                """
            minutes = "coalesce($4::int, t.minutes, case when s.station_id is null then 10 end)"
        }
        let rows = try await connection.query(
            """
            \(periods)
            select m.station_id, m.month::text as month, m.period_start::text as starts, m.period_end::text as ends,
                   \(minutes) as minutes, d.first_day >= $1::date and d.last_day <= $2::date as inside
              from \(tables[aggregates.months.base]) m
              left join \(tables["stations"]) s on s.station_id = m.station_id
             cross join lateral (
                 select (m.period_start at time zone \(zone))::date as first_day,
                        ((m.period_end - interval '1 microsecond') at time zone \(zone))::date as last_day
             ) d
             \(targetJoin)
             where m.period_end > ($1::date - 1)::timestamp at time zone 'UTC'
               and m.period_start < ($2::date + 2)::timestamp at time zone 'UTC'
               and (cardinality($3::text[]) = 0 or m.station_id = any($3::text[]))
             order by m.station_id, m.period_start
            """, parameters)
        var coverage = Coverage()
        var station: String?
        var openFrom = "-infinity"
        func closeStation() {
            guard let station else { return }
            coverage.gapStations.append(station)
            coverage.gapFrom.append(openFrom)
            coverage.gapTo.append("infinity")
        }
        for row in rows {
            let id: String = try row.decode("station_id")
            if id != station {
                closeStation()
                station = id
                openFrom = "-infinity"
            }
            let minutes: Int? = try row.decodeIfPresent("minutes")
            let covered = try row.decode("inside", as: Bool.self) && (target == nil || minutes != nil)
            guard covered else { continue }
            let starts: String = try row.decode("starts")
            if starts != openFrom {
                coverage.gapStations.append(id)
                coverage.gapFrom.append(openFrom)
                coverage.gapTo.append(starts)
            }
            openFrom = try row.decode("ends")
            coverage.stations.append(id)
            coverage.months.append(try row.decode("month"))
            coverage.minutes.append(minutes)
        }
        closeStation()
        return coverage
    }

    // MARK: SQL

    /// `cov` (covered months), `gaps` and `edge` (the cohort's case rows inside the gaps),
    /// with the coverage's parameters numbered from `first`.
    private func common(first: Int) -> String {
        let p = (first..<first + 6).map { "$\($0)" }
        let target = self.target == nil ? "" : ", t.minutes as target_minutes"
        let targetJoin = self.target == nil ? "" : Statistics.targetJoin(tables)
        return """
            with cov as (
                select * from unnest(\(p[0])::text[], \(p[1])::date[], \(p[2])::int[]) as cov(station_id, month, minutes)
            ),
            gaps as (
                select station_id, lo::timestamptz as lo, hi::timestamptz as hi
                  from unnest(\(p[3])::text[], \(p[4])::text[], \(p[5])::text[]) as g(station_id, lo, hi)
            ),
            edge as materialized (
                select c.*\(target)
                \(cohort.joins(tables, from: gapRows))
                \(targetJoin)
                \(cohort.conditions)
            )

            """
    }

    /// The case rows inside the gaps, each gap one range of the `(station_id, time)` index
    /// (the `offset 0` keeps the planner from scanning the whole table for a long range).
    private var gapRows: String {
        let time = "r.\(cohort.timeColumn)"
        return """
            (select r.* from gaps g cross join lateral (
                select r.* from \(tables[cohort.base]) r
                 where r.station_id = g.station_id and \(time) >= g.lo and \(time) < g.hi
                   and \(time) >= ($1::date - 1)::timestamp at time zone 'UTC' and \(time) < ($2::date + 2)::timestamp at time zone 'UTC'
                offset 0
            ) r)
            """
    }

    /// One row: every sum, each interval's mean, and for alerts `within_target`.
    private var figures: String {
        let sums = aggregates.months.sums
        var totals = sums.map { "(a.\($0.name) + e.\($0.name))::bigint as \($0.name)" }
        for interval in reported {
            let count = interval.kinds.map { "a.\($0)_count + e.\($0)_count" }.joined(separator: " + ")
            let sum = interval.kinds.map { "a.\($0)_sum + e.\($0)_sum" }.joined(separator: " + ")
            totals.append("((\(sum))::numeric / nullif((\(count))::numeric, 0))::float8 as \(interval.name)_mean")
        }
        var sources = [
            "(select \(sums.map { "coalesce(sum(m.\($0.name)), 0) as \($0.name)" }.joined(separator: ", ")) from \(covered(aggregates.months, as: "m"))) a",
            "(select \(sums.map { "coalesce(sum(\($0.expression)), 0) as \($0.name)" }.joined(separator: ", ")) from edge c) e",
        ]
        if let target {
            let kinds = target.responseKinds.map { "'\($0)'" }.joined(separator: ", ")
            let edgeWithin = target.responseKinds.map { kind in
                "count(*) filter (where \(value(of: kind)) <= c.target_minutes * 60)"
            }.joined(separator: " + ")
            totals.append("(w.within_target + e2.within_target)::bigint as within_target")
            sources.append(
                """
                (select coalesce(sum(b.n), 0) as within_target
                   from cov cross join lateral (
                       select sum(b.n) as n from \(tables[aggregates.buckets.base]) b
                        where b.station_id = cov.station_id and b.month = cov.month and b.kind in (\(kinds)) and b.bucket <= cov.minutes
                   ) b) w
                """)
            sources.append("(select \(edgeWithin) as within_target from edge c) e2")
        }
        return "select \(totals.joined(separator: ", "))\nfrom \(sources.joined(separator: ",\n"))"
    }

    /// The rows of `table` in the covered months, aliased `alias`: one primary-key lookup per
    /// month (the `offset 0` keeps the planner from scanning the whole table instead).
    private func covered(_ table: AggregateTable, as alias: String) -> String {
        """
        cov cross join lateral (
            select \(alias).* from \(tables[table.base]) \(alias)
             where \(alias).station_id = cov.station_id and \(alias).month = cov.month
            offset 0
        ) \(alias)
        """
    }

    /// The SQL value of a stored interval kind over the case row `c`.
    private func value(of kind: String) -> String {
        aggregates.intervals.first { $0.kind == kind }?.value ?? "null::bigint"
    }

    /// Each interval's values as `(kind, seconds)` rows of the edge cases.
    private var edgeValues: String {
        let values = aggregates.intervals.map { "('\($0.kind)', \($0.value))" }.joined(separator: ", ")
        return "edge c cross join lateral (values \(values)) v(kind, seconds)"
    }

    // MARK: Percentiles

    /// Fills the percentiles of each reported interval that its aggregates name (p50, p90,
    /// the maximum as the percentile 1): the summed buckets of its kinds give the bucket
    /// holding each rank and the rank inside it, then the seconds of those buckets give
    /// the values.
    private func percentiles(
        _ intervals: inout [String: IntervalSummary], with: String, parameters: [(any PostgresBindable)?],
        on connection: PostgresConnection
    ) async throws {
        guard intervals.values.contains(where: { $0.count > 0 }) else { return }
        var nameOf: [String: String] = [:]
        for interval in reported {
            for kind in interval.kinds { nameOf[kind] = interval.name }
        }
        let width = aggregates.bucketWidth
        let buckets = try await connection.query(
            with + """
                select kind, bucket, sum(n)::bigint as n from (
                    select b.kind, b.bucket, b.n from \(covered(aggregates.buckets, as: "b"))
                    union all
                    select v.kind, \(MonthAggregates.bucket("v.seconds", width: width)), 1 from \(edgeValues) where v.seconds is not null
                ) x group by kind, bucket
                """, parameters)
        var histogram: [String: [Int64: Int64]] = [:]
        for row in buckets {
            guard let name = nameOf[try row.decode("kind")] else { continue }
            histogram[name, default: [:]][try row.decode("bucket"), default: 0] += try row.decode("n")
        }
        // Per reported interval, the ranks asked for and where each falls: its bucket and
        // rank inside it.
        var wanted: [(name: String, rank: Int64, bucket: Int64, inside: Int64)] = []
        for (name, summary) in intervals where summary.count > 0 {
            let n = Int64(summary.count)
            let ordered = (histogram[name] ?? [:]).sorted { $0.key < $1.key }
            for rank in aggregates.percentiles.map({ Self.rank($0, of: n) }) {
                var below: Int64 = 0
                for (bucket, count) in ordered {
                    if below + count >= rank {
                        wanted.append((name, rank, bucket, rank - below))
                        break
                    }
                    below += count
                }
            }
        }
        let probes = wanted.flatMap { want in
            (reported.first { $0.name == want.name }?.kinds ?? []).map { (kind: $0, bucket: want.bucket) }
        }
        let first = parameters.count + 1
        let seconds = try await connection.query(
            with + """
                , want as (select distinct * from unnest($\(first)::text[], $\(first + 1)::bigint[]) as w(kind, bucket))
                select x.kind, x.seconds, sum(x.n)::bigint as n from (
                    select w.kind, s.seconds, s.n
                      from want w cross join cov cross join lateral (
                          select s.seconds, s.n from \(tables[aggregates.seconds.base]) s
                           where s.station_id = cov.station_id and s.kind = w.kind and s.month = cov.month
                             and s.seconds > (w.bucket - 1) * \(width) and s.seconds <= w.bucket * \(width)
                          offset 0
                      ) s
                    union all
                    select v.kind, v.seconds, 1 from \(edgeValues)
                      join want w on w.kind = v.kind and w.bucket = \(MonthAggregates.bucket("v.seconds", width: width))
                ) x group by x.kind, x.seconds
                """, parameters + [PostgresArray(probes.map(\.kind)), PostgresArray(probes.map { Int($0.bucket) })])
        var values: [String: [Int64: Int64]] = [:]
        for row in seconds {
            guard let name = nameOf[try row.decode("kind")] else { continue }
            values[name, default: [:]][try row.decode("seconds"), default: 0] += try row.decode("n")
        }
        var found: [String: [Int64: Int64]] = [:]
        for want in wanted {
            var below: Int64 = 0
            let ordered = (values[want.name] ?? [:]).sorted { $0.key < $1.key }
            for (value, count) in ordered where Self.bucket(value, width: Int64(width)) == want.bucket {
                if below + count >= want.inside {
                    found[want.name, default: [:]][want.rank] = value
                    break
                }
                below += count
            }
        }
        for (name, summary) in intervals where summary.count > 0 {
            let n = Int64(summary.count)
            let at = { (fraction: Double) in self.aggregates.percentiles.contains(fraction) ? found[name]?[Self.rank(fraction, of: n)] : nil }
            intervals[name]?.p50Seconds = at(0.5)
            intervals[name]?.p90Seconds = at(0.9)
            intervals[name]?.maxSeconds = at(1)
        }
    }

    /// The 1-based rank `percentile_disc(fraction)` reads among `n` values: ⌈fraction × n⌉
    /// in double precision, as PostgreSQL computes it.
    static func rank(_ fraction: Double, of n: Int64) -> Int64 {
        max(1, Int64((fraction * Double(n)).rounded(.up)))
    }

    /// ⌈seconds / width⌉ in integers, as ``MonthAggregates/bucket(_:width:)`` computes it in SQL.
    static func bucket(_ seconds: Int64, width: Int64) -> Int64 {
        seconds > 0 ? (seconds + width - 1) / width : -((-seconds) / width)
    }
}
