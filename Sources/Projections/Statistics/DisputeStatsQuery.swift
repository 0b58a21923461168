import Events

/// A request for the dispute funnel (`GET /stats/disputes`).
public struct DisputeStatsQuery: Sendable, Equatable {
    /// Dates, stations, community, dispute category and grouping.
    public var filter: StatsFilter
    /// `w` in the satisfaction rate, 0–1; default 0.5.
    public var basicallySatisfiedWeight: Double

    /// The group keys the funnel supports.
    public static let groupKeys: [GroupKey] = [.station, .community, .category, .month, .day]

    /// A typed query; throws when the category is not a dispute category, a group key is
    /// not supported, or the weight is outside 0–1.
    public init(filter: StatsFilter, basicallySatisfiedWeight: Double = 0.5) throws(StatisticsQueryError) {
        var errors: [StatisticsQueryError.FieldError] = []
        if let category = filter.category, DisputeLogged.Category(rawValue: category) == nil {
            errors.append(.init(field: "category", message: "category must be one of \(DisputeLogged.Category.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if let key = filter.groupBy.first(where: { !Self.groupKeys.contains($0) }) {
            errors.append(.init(field: "groupBy", message: "disputes cannot be grouped by \(key.rawValue)"))
        }
        if !(0...1).contains(basicallySatisfiedWeight) {
            errors.append(.init(field: "basicallySatisfiedWeight", message: "basicallySatisfiedWeight must be from 0 to 1"))
        }
        guard errors.isEmpty else { throw StatisticsQueryError(errors) }
        self.filter = filter
        self.basicallySatisfiedWeight = basicallySatisfiedWeight
    }

    /// Parses `from`, `to`, `stationId`, `communityId`, `category`, `groupBy`,
    /// `basicallySatisfiedWeight`.
    public init(parameters: QueryParameters) throws(StatisticsQueryError) {
        var parameters = parameters
        let filter = parameters.filter(categories: DisputeLogged.Category.allCases.map(\.rawValue), groupBy: Self.groupKeys)
        let weight = parameters.number("basicallySatisfiedWeight", in: 0...1)
        try parameters.check()
        guard let filter else { throw StatisticsQueryError(field: "from", "from and to are required") }
        try self.init(filter: filter, basicallySatisfiedWeight: weight ?? 0.5)
    }
}
