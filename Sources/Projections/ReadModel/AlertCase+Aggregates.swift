extension AlertCase {
    /// Alert counts and response intervals per station and month, for questions over
    /// whole months (docs/projections.md, "Month aggregates").
    static let monthAggregates = MonthAggregates(
        "alert", cases: table.schema, timeColumn: "received_at",
        counters: [
            .init("received", "bigint not null", "1"),
            .init("police_matters", "bigint not null", "c.police_matter::int"),
            .init("diverted", "bigint not null", "c.diverted::int"),
            .init("cancelled", "bigint not null", "c.cancelled::int"),
            .init("missing_arrival", "bigint not null", "c.missing_arrival::int"),
            .init("deaths", "bigint not null", "c.deaths"),
            .init("injuries", "bigint not null", "c.injuries"),
            .init("amended_times", "bigint not null", "c.amended_times"),
        ],
        intervals: [
            ("dispatch_delay", "dispatch_delay_seconds"), ("travel", "travel_seconds"),
            ("response", "response_seconds"), ("on_scene", "on_scene_seconds"),
        ],
        bucketWidth: 60, percentiles: [0.5, 0.9, 1])

    static var aggregates: [AggregateTable] { monthAggregates.tables }
}
