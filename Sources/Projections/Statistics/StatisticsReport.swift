public import Events

/// One statistics answer: `{from, to, asOfPosition, definitionsVersion, rows, totals}`.
public struct StatisticsReport<Figures: MetricFigures>: Sendable, Equatable, Encodable {
    /// One group's figures with the group's values beside them.
    public struct Row: Sendable, Equatable, Encodable {
        /// The group's value per `groupBy` key, in the query's order; nil for "none" (e.g. no community).
        public var group: [GroupValue]
        /// The group's figures.
        public var figures: Figures

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: MetricKey.self)
            for value in group {
                try container.encode(value.value, forKey: MetricKey(value.key.fieldName))
            }
            try figures.encodeMetrics(into: &container)
        }
    }

    /// The value of one group key in a row.
    public struct GroupValue: Sendable, Equatable {
        /// The dimension.
        public var key: GroupKey
        /// Its value, nil when the cases have none.
        public var value: String?
    }

    /// First local date.
    public var from: LocalDate
    /// Last local date.
    public var to: LocalDate
    /// The log position the answer reflects (the lowest checkpoint of the projections read).
    public var asOfPosition: Int64
    /// The metric definitions' version.
    public var definitionsVersion: Int
    /// One row per group, sorted by the group values; empty without `groupBy`.
    public var rows: [Row]
    /// The figures of the whole cohort.
    public var totals: Figures
}
