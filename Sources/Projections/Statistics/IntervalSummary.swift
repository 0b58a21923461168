/// One interval (dispatch delay, travel, response, on scene) over a cohort, in whole seconds.
///
/// Percentiles are by nearest rank: the smallest value with at least p% of the values at
/// or below it, which is PostgreSQL's `percentile_disc`.
public struct IntervalSummary: Sendable, Equatable, Encodable {
    /// Alerts that have the interval.
    public var count: Int
    /// The mean, at full precision; nil when `count` is 0.
    public var meanSeconds: Double?
    /// The nearest-rank median.
    public var p50Seconds: Int64?
    /// The nearest-rank 90th percentile.
    public var p90Seconds: Int64?
    /// The longest.
    public var maxSeconds: Int64?

    /// A summary from its parts.
    public init(count: Int, meanSeconds: Double?, p50Seconds: Int64?, p90Seconds: Int64?, maxSeconds: Int64?) {
        self.count = count
        self.meanSeconds = meanSeconds
        self.p50Seconds = p50Seconds
        self.p90Seconds = p90Seconds
        self.maxSeconds = maxSeconds
    }

    /// The summary of `values` computed in Swift, the reference the SQL is tested against.
    public init(values: [Int64]) {
        let sorted = values.sorted()
        self.count = sorted.count
        self.meanSeconds = sorted.isEmpty ? nil : Double(sorted.reduce(0, +)) / Double(sorted.count)
        self.p50Seconds = Self.nearestRank(percent: 50, sorted)
        self.p90Seconds = Self.nearestRank(percent: 90, sorted)
        self.maxSeconds = sorted.last
    }

    /// The smallest value of ascending `sorted` with at least `percent`% of the values at
    /// or below it: the value at rank ⌈percent × n / 100⌉, computed in integers.
    public static func nearestRank(percent: Int, _ sorted: [Int64]) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, (percent * sorted.count + 99) / 100)
        return sorted[min(rank, sorted.count) - 1]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MetricKey.self)
        try container.encode(count, forKey: MetricKey("count"))
        try container.encode(meanSeconds, forKey: MetricKey("meanSeconds"))
        try container.encode(p50Seconds, forKey: MetricKey("p50Seconds"))
        try container.encode(p90Seconds, forKey: MetricKey("p90Seconds"))
        try container.encode(maxSeconds, forKey: MetricKey("maxSeconds"))
    }
}
