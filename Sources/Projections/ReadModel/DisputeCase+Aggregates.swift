extension DisputeCase {
    /// The dispute funnel's counts and days to resolve per station and month, for
    /// questions over whole months (docs/projections.md, "Month aggregates").
    static let monthAggregates = MonthAggregates(
        "dispute", cases: table.schema, timeColumn: "logged_at",
        counters: [
            .init("logged", "bigint not null", "1"),
            .init("mediated", "bigint not null", "c.mediated::int"),
            .init("agreements", "bigint not null", "c.agreement::int"),
            .init("resolved", "bigint not null", "(c.status = 'resolved')::int"),
            .init("closed_unresolved", "bigint not null", "(c.status = 'closed_unresolved')::int"),
            .init("resolved_on_site", "bigint not null",
                  "(c.status = 'resolved' and c.resolution_level in ('scene', 'grid', 'community'))::int"),
            .init("referred", "bigint not null", "c.referred::int"),
            .init("reopened", "bigint not null", "c.reopened::int"),
            .init("key_resolved", "bigint not null", "(c.status = 'resolved' and c.key)::int"),
            .init("follow_ups", "bigint not null", "c.follow_ups"),
            .init("satisfied", "bigint not null", "c.satisfied"),
            .init("basically_satisfied", "bigint not null", "c.basically_satisfied"),
            .init("dissatisfied", "bigint not null", "c.dissatisfied"),
        ],
        intervals: [("resolve", "c.resolve_seconds")],
        bucketWidth: 43_200, percentiles: [0.5])

    static var aggregates: [AggregateTable] { monthAggregates.tables }
}
