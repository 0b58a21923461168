/// Days without an alert of the chosen final category.
public struct QuietDayFigures: MetricFigures {
    /// Local dates in the window, not after today.
    public var days: Int
    /// Of those, dates with no such alert (无刑事警情天数).
    public var quietDays: Int

    /// Figures from their parts.
    public init(days: Int, quietDays: Int) {
        self.days = days
        self.quietDays = quietDays
    }

    /// `quietDays / days`.
    public var quietShare: Rate { Rate(quietDays, over: days) }

    public func encodeMetrics(into container: inout KeyedEncodingContainer<MetricKey>) throws {
        try container.encode(days, forKey: MetricKey("days"))
        try container.encode(quietDays, forKey: MetricKey("quietDays"))
        try container.encode(quietShare, as: "quietShare")
    }
}
