/// One metric in a window against an earlier window (`GET /stats/compare`).
///
/// Counts and durations carry `changeRatio` and `smallBase`; rates carry `changePoints`
/// and `smallBase` judged on the previous denominator.
public struct Comparison: Sendable, Equatable, Encodable {
    /// The metric compared, e.g. `alerts.received`.
    public var metric: String
    /// The window asked about.
    public var currentWindow: DateWindow
    /// The window compared against.
    public var previousWindow: DateWindow
    /// The metric in the current window; nil for a rate with a zero denominator.
    public var current: Double?
    /// The metric in the previous window.
    public var previous: Double?
    /// `current − previous`; nil when either is nil.
    public var change: Double?
    /// Whether the metric is a rate.
    public var isRate: Bool
    /// Counts: `(current − previous) / previous`, nil when previous is 0 or nil.
    public var changeRatio: Double?
    /// Rates: `(current − previous) × 100`, nil when either side is nil.
    public var changePoints: Double?
    /// Counts: previous < 20; rates: previous denominator < 20.
    public var smallBase: Bool
    /// The lower of the two answers' positions.
    public var asOfPosition: Int64
    /// The metric definitions' version.
    public var definitionsVersion: Int

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MetricKey.self)
        try container.encode(metric, forKey: MetricKey("metric"))
        try container.encode(currentWindow, forKey: MetricKey("currentWindow"))
        try container.encode(previousWindow, forKey: MetricKey("previousWindow"))
        try container.encode(current, forKey: MetricKey("current"))
        try container.encode(previous, forKey: MetricKey("previous"))
        try container.encode(change, forKey: MetricKey("change"))
        if isRate {
            try container.encode(changePoints, forKey: MetricKey("changePoints"))
        } else {
            try container.encode(changeRatio, forKey: MetricKey("changeRatio"))
        }
        try container.encode(smallBase, forKey: MetricKey("smallBase"))
        try container.encode(asOfPosition, forKey: MetricKey("asOfPosition"))
        try container.encode(definitionsVersion, forKey: MetricKey("definitionsVersion"))
    }
}
