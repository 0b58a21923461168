public import Events

/// The filters every statistic takes: an inclusive range of local dates, stations,
/// a community, a category, and the dimensions to group rows by.
public struct StatsFilter: Sendable, Equatable {
    /// First local date of the cohort.
    public var from: LocalDate
    /// Last local date of the cohort, inclusive.
    public var to: LocalDate
    /// Stations to include; empty means all.
    public var stationIds: [String]
    /// Only this community, when set.
    public var communityId: String?
    /// Only this category (contract value), when set; validated by the query that uses it.
    public var category: String?
    /// Dimensions of `rows`, in order; empty gives totals only.
    public var groupBy: [GroupKey]

    /// A filter; throws when `from` is after `to` or a group key repeats.
    public init(
        from: LocalDate, to: LocalDate, stationIds: [String] = [], communityId: String? = nil,
        category: String? = nil, groupBy: [GroupKey] = []
    ) throws(StatisticsQueryError) {
        var errors: [StatisticsQueryError.FieldError] = []
        if to < from {
            errors.append(.init(field: "to", message: "to (\(to)) must not be before from (\(from))"))
        }
        if Set(groupBy).count != groupBy.count {
            errors.append(.init(field: "groupBy", message: "each groupBy value may be given only once"))
        }
        if stationIds.contains(where: \.isEmpty) {
            errors.append(.init(field: "stationId", message: "stationId must not be empty"))
        }
        guard errors.isEmpty else { throw StatisticsQueryError(errors) }
        self.from = from
        self.to = to
        self.stationIds = stationIds
        self.communityId = communityId
        self.category = category
        self.groupBy = groupBy
    }
}
