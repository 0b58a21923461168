import Events

extension Statistics {
    /// The dispute funnel for `query` (`GET /stats/disputes`).
    public func disputes(_ query: DisputeStatsQuery) async throws -> StatisticsReport<DisputeFigures> {
        try await snapshot(Self.disputeProjections) { connection, position, tables in
            try await disputes(query, on: connection, asOf: position, tables: tables)
        }
    }

    /// The projections the dispute figures read.
    static let disputeProjections: [Projection] = [.disputes, .stations]

    /// The dispute funnel inside a snapshot the caller holds.
    func disputes(
        _ query: DisputeStatsQuery, on connection: PostgresConnection, asOf position: Int64, tables: ReadTables
    ) async throws -> StatisticsReport<DisputeFigures> {
        let filter = query.filter
        let parameters = CohortSQL.parameters(filter)
        let weight = query.basicallySatisfiedWeight
        let totals: DisputeFigures
        if sublinearReads && MonthAggregateReader.usable(filter), let aggregated = try await MonthAggregateReader(
            cohort: .disputes, aggregates: DisputeCase.monthAggregates, tables: tables, filter: filter, target: nil,
            reported: [("resolve", ["resolve"])]
        ).totalsIfKept(on: connection) {
            totals = Self.disputeFigures(aggregated, weight: weight)
        } else {
            totals = try await connection.query(
                CohortSQL.disputes.query(groupBy: [], metrics: Self.disputeMetrics, tables: tables), parameters
            ).first.map { try Self.disputeFigures($0, weight: weight) } ?? Self.disputeFigures(weight: weight)
        }
        let rows = filter.groupBy.isEmpty ? [] : try await connection.query(
            CohortSQL.disputes.query(groupBy: filter.groupBy, metrics: Self.disputeMetrics, tables: tables), parameters)
        return StatisticsReport(
            from: filter.from, to: filter.to, asOfPosition: position, definitionsVersion: definitionsVersion,
            rows: try rows.map { row in
                .init(group: CohortSQL.groupValues(row, filter.groupBy), figures: try Self.disputeFigures(row, weight: weight))
            },
            totals: totals)
    }

    static let disputeMetrics = """
        count(*) as logged,
        count(*) filter (where c.mediated) as mediated,
        count(*) filter (where c.agreement) as agreements,
        count(*) filter (where c.status = 'resolved') as resolved,
        count(*) filter (where c.status = 'closed_unresolved') as closed_unresolved,
        count(*) filter (where c.status = 'resolved' and c.resolution_level in ('scene', 'grid', 'community')) as resolved_on_site,
        count(*) filter (where c.referred) as referred,
        count(*) filter (where c.reopened) as reopened,
        count(*) filter (where c.status = 'resolved' and c.key) as key_resolved,
        percentile_disc(0.5) within group (order by c.resolve_seconds) as median_resolve_seconds,
        coalesce(sum(c.follow_ups), 0) as follow_ups,
        coalesce(sum(c.satisfied), 0) as satisfied,
        coalesce(sum(c.basically_satisfied), 0) as basically_satisfied,
        coalesce(sum(c.dissatisfied), 0) as dissatisfied
        """

    static func disputeFigures(_ row: PostgresRow, weight: Double) throws -> DisputeFigures {
        DisputeFigures(
            logged: try row.decode("logged"), mediated: try row.decode("mediated"),
            agreements: try row.decode("agreements"), resolved: try row.decode("resolved"),
            closedUnresolved: try row.decode("closed_unresolved"), resolvedOnSite: try row.decode("resolved_on_site"),
            referred: try row.decode("referred"), reopened: try row.decode("reopened"),
            keyResolved: try row.decode("key_resolved"),
            medianSecondsToResolve: try row.decodeIfPresent("median_resolve_seconds"),
            followUps: try row.decode("follow_ups"), satisfied: try row.decode("satisfied"),
            basicallySatisfied: try row.decode("basically_satisfied"), dissatisfied: try row.decode("dissatisfied"),
            basicallySatisfiedWeight: weight)
    }

    /// The funnel of totals read from the month aggregates.
    static func disputeFigures(_ totals: MonthAggregateReader.Totals, weight: Double) -> DisputeFigures {
        let count = { (name: String) in totals.counts[name] ?? 0 }
        return DisputeFigures(
            logged: count("logged"), mediated: count("mediated"), agreements: count("agreements"),
            resolved: count("resolved"), closedUnresolved: count("closed_unresolved"),
            resolvedOnSite: count("resolved_on_site"), referred: count("referred"), reopened: count("reopened"),
            keyResolved: count("key_resolved"), medianSecondsToResolve: totals.intervals["resolve"]?.p50Seconds,
            followUps: count("follow_ups"), satisfied: count("satisfied"),
            basicallySatisfied: count("basically_satisfied"), dissatisfied: count("dissatisfied"),
            basicallySatisfiedWeight: weight)
    }

    /// The funnel of an empty cohort.
    static func disputeFigures(weight: Double) -> DisputeFigures {
        DisputeFigures(
            logged: 0, mediated: 0, agreements: 0, resolved: 0, closedUnresolved: 0, resolvedOnSite: 0,
            referred: 0, reopened: 0, keyResolved: 0, medianSecondsToResolve: nil, followUps: 0, satisfied: 0,
            basicallySatisfied: 0, dissatisfied: 0, basicallySatisfiedWeight: weight)
    }
}
