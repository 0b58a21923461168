/// A table of sums over a case table's rows, grouped by station and month: what the
/// statistics read instead of every row when a question covers whole months.
///
/// A sum cannot be derived from one stream's history, so an aggregate is derived from the
/// case rows of its own version instead, in the same transaction: a rebuild fills it with
/// one `insert … select … group by` after the snapshot load, and the runner keeps it in
/// step by deltas, subtracting a stream's old row before replacing it and adding the new
/// one after. Every column is a sum, so the deltas are exact.
struct AggregateTable: Sendable {
    /// One column: its name, SQL type and the expression over a case row `c` (and, for
    /// per-interval tables, `v.kind` and `v.seconds`) it groups by or sums.
    struct Field: Sendable {
        let name: String
        let type: String
        let expression: String

        init(_ name: String, _ type: String, _ expression: String) {
            self.name = name
            self.type = type
            self.expression = expression
        }
    }

    /// The base name: version N's table is `projections.<base>_v<N>`.
    let base: String
    /// The case table summed (`alerts`, `disputes`).
    let cases: TableSchema
    /// What the rows are grouped by; the primary key is ``primaryKey``.
    let keys: [Field]
    /// The primary key's columns, a subset of ``keys`` (the others follow from them).
    let primaryKey: [String]
    /// The additive columns.
    let sums: [Field]
    /// Joined to each case row `c`, e.g. a lateral list of its intervals (`v`).
    let lateral: String
    /// Which joined rows count.
    let condition: String

    /// The table as the DDL sees it (no secondary indexes, no stored order).
    var schema: TableSchema {
        TableSchema(
            base: base, columns: (keys + sums).map { ($0.name, $0.type) }, primaryKey: primaryKey,
            streamKey: primaryKey[0], indexes: [], storedInOrderOf: nil)
    }

    /// Fills version `version`'s empty table from all its case rows, stored in primary-key
    /// order: a question reads a few rows per key prefix, which then share a page or two.
    func build(version: Int) -> String {
        "delete from \(schema.table(version: version));\n" + insert(version: version, sign: 1, streams: nil)
            + "\norder by \(primaryKey.joined(separator: ", "));"
    }

    /// Adds (`sign` 1) or subtracts (`sign` -1) the rows of the streams `$1` (`text[]`).
    func delta(version: Int, sign: Int) -> String {
        let table = schema.table(version: version)
        let updates = sums.map { "\($0.name) = \(table).\($0.name) + excluded.\($0.name)" }.joined(separator: ", ")
        return insert(version: version, sign: sign, streams: "$1::text[]")
            + "\non conflict (\(primaryKey.joined(separator: ", "))) do update set \(updates)"
    }

    private func insert(version: Int, sign: Int, streams: String?) -> String {
        let columns = (keys + sums).map(\.name).joined(separator: ", ")
        let selected = keys.map { "\($0.expression) as \($0.name)" }
            + sums.map { "coalesce(sum(\(sign) * (\($0.expression))), 0) as \($0.name)" }
        let filter = [condition] + (streams.map { ["c.\(cases.streamKey) = any(\($0))"] } ?? [])
        return """
            insert into \(schema.table(version: version)) (\(columns))
            select \(selected.joined(separator: ", "))
              from \(cases.table(version: version)) c \(lateral)
             where \(filter.joined(separator: " and "))
             group by \((1...keys.count).map(String.init).joined(separator: ", "))
            """
    }
}
