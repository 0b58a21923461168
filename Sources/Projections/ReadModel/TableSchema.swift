/// A read-model table as SQL sees it: name, columns, keys and indexes.
///
/// Built from a ``ReadModelTable``; the versioned DDL and the COPY statement come from here.
struct TableSchema: Sendable {
    /// The base name: the view is `projections.<base>`, version N's table `projections.<base>_v<N>`.
    let base: String
    /// Column names and SQL types, in COPY order.
    let columns: [(name: String, type: String)]
    /// The primary key's columns.
    let primaryKey: [String]
    /// The column that names the stream a row came from; a stream's rows are replaced by it.
    let streamKey: String
    /// Secondary indexes, each a list of columns.
    let indexes: [[String]]
    /// The index whose order a rebuilt table's rows are stored in, if any: the statistics
    /// read one station's cases over a range of dates, and rows stored together are read
    /// from a few pages instead of one page each.
    let storedInOrderOf: [String]?

    /// `projections.<base>_v<version>`.
    func table(version: Int) -> String { "projections.\(base)_v\(version)" }

    /// `projections.<base>`, the view on the active version.
    var view: String { "projections.\(base)" }

    /// Creates version `version`'s table with its primary key (idempotent).
    func createTable(version: Int) -> String {
        let body = columns.map { "    \($0.name) \($0.type)" } + ["    primary key (\(primaryKey.joined(separator: ", ")))"]
        return "create table if not exists \(table(version: version)) (\n\(body.joined(separator: ",\n"))\n);"
    }

    /// Creates the secondary indexes of version `version` (idempotent); a rebuild adds
    /// them after the bulk load, which is faster than maintaining them row by row.
    func createIndexes(version: Int) -> String {
        indexes.map { columns in
            "create index if not exists \(indexName(columns, version: version)) on \(table(version: version)) (\(columns.joined(separator: ", ")));"
        }.joined(separator: "\n")
    }

    /// Rewrites version `version`'s table in the order of ``storedInOrderOf`` (`CLUSTER`),
    /// after a rebuild's bulk load; nothing when the table names no order.
    func storeInOrder(version: Int) -> String {
        guard let columns = storedInOrderOf else { return "" }
        return "cluster \(table(version: version)) using \(indexName(columns, version: version));"
    }

    private func indexName(_ columns: [String], version: Int) -> String {
        "\(base)_v\(version)_\(columns.joined(separator: "_"))"
    }

    /// `COPY … FROM STDIN` into version `version`'s table.
    func copy(version: Int) -> String {
        "copy \(table(version: version)) (\(columns.map(\.name).joined(separator: ", "))) from stdin"
    }

    /// Deletes the rows of the streams whose keys are `$1`.
    func deleteStreams(version: Int) -> String {
        "delete from \(table(version: version)) where \(streamKey) = any($1::text[])"
    }
}
