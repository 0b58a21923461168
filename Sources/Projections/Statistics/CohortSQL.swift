import Events

/// The SQL that selects a cohort of case rows by local date and filters, shared by every
/// statistic. Identifiers come from constants; values are parameters `$1`–`$5`.
struct CohortSQL {
    /// `disputes` or `alerts`: the base name of the table read.
    let base: String
    /// The cohort's time column: `logged_at` or `received_at`.
    let timeColumn: String

    /// The cohort of disputes by logging date.
    static let disputes = CohortSQL(base: "disputes", timeColumn: "logged_at")
    /// The cohort of alerts by receiving date.
    static let alerts = CohortSQL(base: "alerts", timeColumn: "received_at")

    /// The case table (alias `c`) joined with its station (alias `s`) and the local date
    /// (`l.local_date`).
    func joins(_ tables: ReadTables) -> String {
        joins(tables, from: tables[base])
    }

    /// ``joins(_:)`` with the case rows (alias `c`) taken from `source`, a table or a
    /// subquery returning the case table's columns.
    func joins(_ tables: ReadTables, from source: String) -> String {
        """
        from \(source) c
        left join \(tables["stations"]) s on s.station_id = c.station_id
        cross join lateral (
            select (c.\(timeColumn) at time zone coalesce(s.time_zone, 'Asia/Shanghai'))::date as local_date
        ) l
        """
    }

    /// The cohort condition. The time range first narrows by an index; then a row inside
    /// `[from 16:00 UTC, to 08:00 UTC)` is in the cohort whatever its station's zone (no
    /// zone is more than 16 hours from UTC), and only the rows near either end have their
    /// local date computed, which costs a time-zone lookup per row.
    var conditions: String {
        """
        where c.\(timeColumn) >= ($1::date - 1)::timestamp at time zone 'UTC'
          and c.\(timeColumn) < ($2::date + 2)::timestamp at time zone 'UTC'
          and ((c.\(timeColumn) >= $1::date::timestamp at time zone 'UTC' + interval '16 hours'
                and c.\(timeColumn) < $2::date::timestamp at time zone 'UTC' + interval '8 hours')
               or l.local_date between $1::date and $2::date)
          and (cardinality($3::text[]) = 0 or c.station_id = any($3::text[]))
          and ($4::text is null or c.community_id = $4)
          and ($5::text is null or c.category = $5)
        """
    }

    /// `$1`–`$5` for `filter`.
    static func parameters(_ filter: StatsFilter) -> [(any PostgresBindable)?] {
        [filter.from.description, filter.to.description, PostgresArray(filter.stationIds), filter.communityId, filter.category]
    }

    /// `select <group expressions> as g0…, <metrics> <joins> <extra> <conditions> group by … order by …`.
    func query(groupBy: [GroupKey], metrics: String, extraJoins: String = "", tables: ReadTables) -> String {
        let groups = groupBy.enumerated().map { "\($0.element.expression(table: "c")) as g\($0.offset)" }
        let select = (groups + [metrics]).joined(separator: ",\n")
        var sql = "select \(select)\n\(joins(tables))\n\(extraJoins)\n\(conditions)"
        if !groupBy.isEmpty {
            let positions = (1...groupBy.count).map(String.init).joined(separator: ", ")
            sql += "\ngroup by \(positions)\norder by \(positions)"
        }
        return sql
    }

    /// The group values of a result row.
    static func groupValues<F>(_ row: PostgresRow, _ groupBy: [GroupKey]) -> [StatisticsReport<F>.GroupValue] {
        groupBy.enumerated().map { .init(key: $0.element, value: row["g\($0.offset)"]) }
    }
}
