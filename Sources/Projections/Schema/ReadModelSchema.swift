/// The DDL of a projection's versioned tables and of the views readers use, generated
/// from its ``ReadModel``.
///
/// Table names are built only from the constant base names and a version number, never
/// from input; values always travel as statement parameters.
enum ReadModelSchema {
    /// Creates the tables of one version with their primary keys (idempotent).
    static func createTables(_ projection: Projection, version: Int) -> String {
        allTables(projection).map { $0.createTable(version: version) }.joined(separator: "\n")
    }

    /// Fills one version's aggregates from its case rows, after a bulk load.
    static func buildAggregates(_ projection: Projection, version: Int) -> String {
        projection.model.aggregates.map { $0.build(version: version) }.joined(separator: "\n")
    }

    /// The case tables and the aggregates over them.
    static func allTables(_ projection: Projection) -> [TableSchema] {
        projection.model.tables + projection.model.aggregates.map(\.schema)
    }

    /// Creates the secondary indexes of one version (idempotent).
    static func createIndexes(_ projection: Projection, version: Int) -> String {
        projection.model.tables.map { $0.createIndexes(version: version) }.joined(separator: "\n")
    }

    /// Stores the rows of one version's tables in the order their definitions name.
    static func storeInOrder(_ projection: Projection, version: Int) -> String {
        projection.model.tables.map { $0.storeInOrder(version: version) }.joined(separator: "\n")
    }

    /// Gathers the planner's statistics on one version's tables, which a bulk load leaves
    /// without any until autovacuum comes by.
    static func analyze(_ projection: Projection, version: Int) -> String {
        allTables(projection).map { "analyze \($0.table(version: version));" }.joined(separator: "\n")
    }

    /// Points the projection's views at `version`'s tables.
    static func pointViews(_ projection: Projection, version: Int) -> String {
        allTables(projection).map { table in
            "drop view if exists \(table.view); create view \(table.view) as select * from \(table.table(version: version));"
        }.joined(separator: "\n")
    }

    /// The statements dropping the tables of a version that no longer serves, one per table.
    static func dropTables(_ projection: Projection, version: Int) -> [String] {
        allTables(projection).map { "drop table if exists \($0.table(version: version))" }
    }
}
