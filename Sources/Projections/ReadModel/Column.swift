import Events

/// One column of a read-model table: its name, its SQL type and where a row keeps its value.
///
/// Declaring the three together is what lets the DDL and the COPY of a table come from
/// one list, so adding a column is one edit.
struct Column<Row>: Sendable {
    /// The column's name.
    let name: String
    /// Its SQL type and constraints, e.g. `text not null`.
    let type: String
    /// Appends a row's value of this column to COPY text.
    let encode: @Sendable (Row, inout CopyText) -> Void

    /// A column whose value is `keyPath` of the row.
    init<Value: CopyEncodable>(_ name: String, _ type: String, _ keyPath: any KeyPath<Row, Value> & Sendable) {
        self.name = name
        self.type = type
        self.encode = { row, text in row[keyPath: keyPath].append(to: &text) }
    }
}
