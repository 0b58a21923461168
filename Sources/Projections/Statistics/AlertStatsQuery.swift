import Events

/// A request for alert volume and response intervals (`GET /stats/alerts`).
public struct AlertStatsQuery: Sendable, Equatable {
    /// Dates, stations, community, final category and grouping.
    public var filter: StatsFilter
    /// Overrides every station's response target, in minutes.
    public var targetMinutes: Int?
    /// Counts officer-initiated alerts (channel `patrol`) in the response intervals and
    /// `withinTarget` too; by default they are left out (metrics.md, `officerInitiated`).
    public var includeOfficerInitiated: Bool

    /// The group keys alerts support.
    public static let groupKeys: [GroupKey] = GroupKey.allCases

    /// A typed query; throws when the category is not an alert category or the target is
    /// outside 1–1440 minutes.
    public init(
        filter: StatsFilter, targetMinutes: Int? = nil, includeOfficerInitiated: Bool = false
    ) throws(StatisticsQueryError) {
        var errors: [StatisticsQueryError.FieldError] = []
        if let category = filter.category, AlertCategory(rawValue: category) == nil {
            errors.append(.init(field: "category", message: "category must be one of \(AlertCategory.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if let targetMinutes, !(1...1440).contains(targetMinutes) {
            errors.append(.init(field: "targetMinutes", message: "targetMinutes must be a whole number from 1 to 1440"))
        }
        guard errors.isEmpty else { throw StatisticsQueryError(errors) }
        self.filter = filter
        self.targetMinutes = targetMinutes
        self.includeOfficerInitiated = includeOfficerInitiated
    }

    /// Parses `from`, `to`, `stationId`, `communityId`, `category`, `groupBy`,
    /// `targetMinutes`, `includeOfficerInitiated`.
    public init(parameters: QueryParameters) throws(StatisticsQueryError) {
        var parameters = parameters
        let filter = parameters.filter(categories: AlertCategory.allCases.map(\.rawValue), groupBy: Self.groupKeys)
        let target = parameters.integer("targetMinutes", in: 1...1440)
        let includeOfficerInitiated = parameters.boolean("includeOfficerInitiated")
        try parameters.check()
        guard let filter else { throw StatisticsQueryError(field: "from", "from and to are required") }
        try self.init(filter: filter, targetMinutes: target, includeOfficerInitiated: includeOfficerInitiated ?? false)
    }
}
