/// A dimension the statistics can be grouped by (`groupBy`, repeatable).
public enum GroupKey: String, Sendable, Hashable, CaseIterable {
    /// Per station.
    case station
    /// Per community (with `shareOfStation` on alerts).
    case community
    /// Per category; for alerts the final category.
    case category
    /// Per initial category (alerts only).
    case initialCategory
    /// Per priority, 1–3 as text (alerts only).
    case priority
    /// Per channel the alert came in by (alerts only).
    case channel
    /// Per local month of the cohort date, `YYYY-MM`.
    case month
    /// Per local date of the cohort date, `YYYY-MM-DD`.
    case day

    /// The field name a row carries the group's value under.
    public var fieldName: String {
        switch self {
        case .station: "stationId"
        case .community: "communityId"
        case .category: "category"
        case .initialCategory: "initialCategory"
        case .priority: "priority"
        case .channel: "channel"
        case .month: "month"
        case .day: "day"
        }
    }

    /// The SQL expression of the group's value; `table` is the case table's alias and
    /// `l.local_date` the cohort's local date. Built only from constants.
    func expression(table: String) -> String {
        switch self {
        case .station: "\(table).station_id"
        case .community: "\(table).community_id"
        case .category: "\(table).category"
        case .initialCategory: "\(table).initial_category"
        case .priority: "\(table).priority::text"
        case .channel: "\(table).channel"
        case .month: "to_char(l.local_date, 'YYYY-MM')"
        case .day: "to_char(l.local_date, 'YYYY-MM-DD')"
        }
    }
}
