extension AlertCase {
    /// Alert counts and response intervals per station and month, for questions over
    /// whole months (docs/projections.md, "Month aggregates").
    ///
    /// Each interval an officer-initiated alert is left out of by default is kept twice
    /// over, disjointly: under its name for the other alerts and under `<name>_officer`
    /// for officer-initiated ones, so a question adds the second only when it includes them.
    static let monthAggregates = MonthAggregates(
        "alert", cases: table.schema, timeColumn: "received_at",
        counters: [
            .init("received", "bigint not null", "1"),
            .init("police_matters", "bigint not null", "c.police_matter::int"),
            .init("diverted", "bigint not null", "c.diverted::int"),
            .init("cancelled", "bigint not null", "c.cancelled::int"),
            .init("missing_arrival", "bigint not null", "c.missing_arrival::int"),
            .init("reopened", "bigint not null", "c.reopened::int"),
            .init("officer_initiated", "bigint not null", "c.officer_initiated::int"),
            .init("deaths", "bigint not null", "c.deaths"),
            .init("injuries", "bigint not null", "c.injuries"),
            .init("amended_times", "bigint not null", "c.amended_times"),
        ],
        intervals: responseIntervals.flatMap { name in
            [(name, "case when not c.officer_initiated then c.\(name)_seconds end"),
             (officerKind(name), "case when c.officer_initiated then c.\(name)_seconds end")]
        } + [("on_scene", "c.on_scene_seconds")],
        bucketWidth: 60, percentiles: [0.5, 0.9, 1])

    static var aggregates: [AggregateTable] { monthAggregates.tables }

    /// The intervals that leave officer-initiated alerts out unless asked (metrics.md):
    /// each names its case column `<name>_seconds`.
    static let responseIntervals = ["dispatch_delay", "turnout", "drive", "travel", "response"]

    /// Every reported interval and the aggregate kinds it sums.
    static func reportedIntervals(includeOfficerInitiated: Bool) -> [(name: String, kinds: [String])] {
        responseIntervals.map { name in (name, includeOfficerInitiated ? [name, officerKind(name)] : [name]) }
            + [("on_scene", ["on_scene"])]
    }

    /// The kind officer-initiated alerts' values of `interval` are kept under.
    private static func officerKind(_ interval: String) -> String { "\(interval)_officer" }
}
