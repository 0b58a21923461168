import Events

extension Statistics {
    /// `query.metric` in its window against the earlier window (`GET /stats/compare`).
    public func compare(_ query: CompareQuery) async throws -> Comparison {
        guard let current = query.period.window,
            let previous = query.against == .previous ? current.preceding : current.oneYearEarlier
        else { throw StatisticsQueryError(field: "at", "the period names no real dates") }
        let projections = query.metric.hasPrefix("disputes.") ? Self.disputeProjections : Self.alertProjections
        let (now, before, position) = try await snapshot(projections) { connection, position, tables in
            (try await figures(query, window: current, on: connection, asOf: position, tables: tables),
             try await figures(query, window: previous, on: connection, asOf: position, tables: tables), position)
        }
        let field = String(query.metric.drop { $0 != "." }.dropFirst())
        let currentValue = now[field] ?? nil
        let previousValue = before[field] ?? nil
        let isRate = MetricCatalog.isRate(query.metric)
        var change: Double?
        if let currentValue, let previousValue { change = currentValue - previousValue }
        let smallBase: Bool
        if isRate {
            smallBase = ((before[field + "Denominator"] ?? nil) ?? 0) < 20
        } else {
            smallBase = (previousValue ?? 0) < 20
        }
        return Comparison(
            metric: query.metric, currentWindow: current, previousWindow: previous, current: currentValue,
            previous: previousValue, change: change, isRate: isRate,
            changeRatio: isRate ? nil : previousValue.flatMap { previous in
                previous == 0 ? nil : change.map { $0 / previous }
            },
            changePoints: isRate ? change.map { $0 * 100 } : nil, smallBase: smallBase,
            asOfPosition: position, definitionsVersion: definitionsVersion)
    }

    /// The totals of one window as metric values by name, inside the answer's snapshot.
    private func figures(
        _ query: CompareQuery, window: DateWindow, on connection: PostgresConnection, asOf position: Int64, tables: ReadTables
    ) async throws -> [String: Double?] {
        let filter = try StatsFilter(
            from: window.from, to: window.to, stationIds: query.stationIds, communityId: query.communityId,
            category: query.category)
        if query.metric.hasPrefix("disputes.") {
            let report = try await disputes(
                DisputeStatsQuery(filter: filter, basicallySatisfiedWeight: query.basicallySatisfiedWeight),
                on: connection, asOf: position, tables: tables)
            return MetricCatalog.flatten(report.totals)
        }
        let report = try await alerts(
            AlertStatsQuery(filter: filter, targetMinutes: query.targetMinutes, includeOfficerInitiated: query.includeOfficerInitiated), on: connection, asOf: position, tables: tables)
        return MetricCatalog.flatten(report.totals)
    }
}
