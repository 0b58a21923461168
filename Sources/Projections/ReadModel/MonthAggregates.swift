/// The month aggregates of a case table: per station and month, the sums of its counts
/// (`<base>_months`), and per interval the values counted in buckets (`<base>_buckets`)
/// and to the second (`<base>_seconds`), from which nearest-rank percentiles are found
/// without reading every value.
///
/// Months are calendar months in ``zone`` whatever the station's zone: a month is kept as
/// the instants `[period_start, period_end)`, and a question uses the months whose
/// instants lie wholly inside its own local dates, so the answer never depends on which
/// zone partitioned them (a station elsewhere only gets fewer whole months). That keeps
/// the aggregates free of the stations projection: a zone amendment or a target change
/// needs no rebuild.
struct MonthAggregates: Sendable {
    /// The zone whose calendar months partition the aggregates.
    static let zone = "Asia/Shanghai"

    /// Sums per station and month.
    let months: AggregateTable
    /// Per station, month, interval and bucket: how many values fall in the bucket
    /// `((bucket − 1) × bucketWidth, bucket × bucketWidth]`.
    let buckets: AggregateTable
    /// Per station, interval, month and value in whole seconds: how many.
    let seconds: AggregateTable
    /// The intervals: the kind they are stored under and the SQL expression over the case
    /// row `c` giving a case's value (null: none).
    let intervals: [(kind: String, value: String)]
    /// Seconds per bucket. A multiple of 60 keeps "within n minutes" a sum of whole buckets.
    let bucketWidth: Int
    /// The nearest-rank percentiles the figures report (0.5 for a median); the maximum,
    /// when reported, is the percentile 1.
    let percentiles: [Double]

    /// The three tables, in DDL order.
    var tables: [AggregateTable] { [months, buckets, seconds] }

    /// The aggregates of `cases`, whose rows belong to the month of `timeColumn`.
    init(
        _ base: String, cases: TableSchema, timeColumn: String, counters: [AggregateTable.Field],
        intervals: [(kind: String, value: String)], bucketWidth: Int, percentiles: [Double]
    ) {
        let local = "date_trunc('month', c.\(timeColumn) at time zone '\(Self.zone)')"
        let station = AggregateTable.Field("station_id", "text not null", "c.station_id")
        let month = AggregateTable.Field("month", "date not null", "(\(local))::date")
        let intervalSums = intervals.flatMap { interval in
            [AggregateTable.Field("\(interval.kind)_count", "bigint not null", "(\(interval.value) is not null)::int"),
             AggregateTable.Field("\(interval.kind)_sum", "bigint not null", "coalesce(\(interval.value), 0)")]
        }
        months = AggregateTable(
            base: "\(base)_months", cases: cases,
            keys: [station, month,
                   .init("period_start", "timestamptz not null", "\(local) at time zone '\(Self.zone)'"),
                   .init("period_end", "timestamptz not null", "(\(local) + interval '1 month') at time zone '\(Self.zone)'")],
            primaryKey: ["station_id", "month"], sums: counters + intervalSums, lateral: "", condition: "true")
        let values = intervals.map { "('\($0.kind)', \($0.value))" }.joined(separator: ", ")
        let lateral = "cross join lateral (values \(values)) v(kind, seconds)"
        let kind = AggregateTable.Field("kind", "text not null", "v.kind")
        let count = AggregateTable.Field("n", "bigint not null", "1")
        buckets = AggregateTable(
            base: "\(base)_buckets", cases: cases,
            keys: [station, month, kind, .init("bucket", "bigint not null", Self.bucket("v.seconds", width: bucketWidth))],
            primaryKey: ["station_id", "month", "kind", "bucket"], sums: [count], lateral: lateral,
            condition: "v.seconds is not null")
        seconds = AggregateTable(
            base: "\(base)_seconds", cases: cases,
            keys: [station, kind, month, .init("seconds", "bigint not null", "v.seconds")],
            primaryKey: ["station_id", "kind", "month", "seconds"], sums: [count], lateral: lateral,
            condition: "v.seconds is not null")
        self.intervals = intervals
        self.bucketWidth = bucketWidth
        self.percentiles = percentiles
    }

    /// The bucket of `value` (SQL): ⌈value / width⌉, exact for any whole number of seconds.
    static func bucket(_ value: String, width: Int) -> String {
        "ceil(\(value)::float8 / \(width))::bigint"
    }
}
