public import Events

/// A request for days without an alert of a category (`GET /stats/quiet-days`).
public struct QuietDaysQuery: Sendable, Equatable {
    /// Dates, stations, community and grouping (only `station`); `filter.category` is unused.
    public var filter: StatsFilter
    /// The final category whose absence makes a day quiet; default `criminal`.
    public var category: AlertCategory

    /// The longest range answered: ten years and a few leap days. Every date of the range
    /// is looked at for every station, so the range is bounded like any other input.
    public static let maximumDays = 3660

    /// A typed query; only `groupBy station` is supported, over at most ``maximumDays`` dates.
    public init(filter: StatsFilter, category: AlertCategory = .criminal) throws(StatisticsQueryError) {
        if filter.groupBy.contains(where: { $0 != .station }) {
            throw StatisticsQueryError(field: "groupBy", "quiet days can only be grouped by station")
        }
        if filter.to.dayNumber - filter.from.dayNumber + 1 > Self.maximumDays {
            throw StatisticsQueryError(field: "to", "quiet days are counted over at most \(Self.maximumDays) days; ask for a shorter range")
        }
        self.filter = filter
        self.category = category
    }

    /// Parses `from`, `to`, `stationId`, `communityId`, `category`, `groupBy`.
    public init(parameters: QueryParameters) throws(StatisticsQueryError) {
        var parameters = parameters
        let filter = parameters.filter(categories: AlertCategory.allCases.map(\.rawValue), groupBy: [.station])
        try parameters.check()
        guard let filter else { throw StatisticsQueryError(field: "from", "from and to are required") }
        var plain = filter
        plain.category = nil
        try self.init(filter: plain, category: filter.category.flatMap(AlertCategory.init(rawValue:)) ?? .criminal)
    }
}
