import Events

/// A read-model table with typed rows: its schema and how a row becomes COPY text.
struct ReadModelTable<Row>: Sendable {
    /// The table as SQL sees it.
    let schema: TableSchema
    private let columns: [Column<Row>]

    /// A table named `base` with `columns` in order; `streamKey` names the column that
    /// identifies a stream's rows; `storedInOrderOf` names one of `indexes` whose order a
    /// rebuild stores the rows in.
    init(
        _ base: String, primaryKey: [String], streamKey: String, indexes: [[String]] = [], storedInOrderOf: [String]? = nil,
        columns: [Column<Row>]
    ) {
        self.columns = columns
        self.schema = TableSchema(
            base: base, columns: columns.map { ($0.name, $0.type) }, primaryKey: primaryKey, streamKey: streamKey,
            indexes: indexes, storedInOrderOf: storedInOrderOf)
    }

    /// Appends `row` as one line of COPY text.
    func append(_ row: Row, to text: inout CopyText) {
        for column in columns { column.encode(row, &text) }
        text.endRow()
    }
}
