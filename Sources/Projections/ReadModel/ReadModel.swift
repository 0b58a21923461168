import Events

/// What one projection keeps: the kind of stream it reads, its tables, and the rows a
/// stream's effective history becomes.
///
/// The runner, the replay and the DDL all work from this one definition; the rows are a
/// pure function of the history, so where and when they are derived does not matter.
protocol ReadModel: Sendable {
    /// The projection this model defines.
    static var projection: Projection { get }
    /// Its tables, in the order ``rows(streamId:history:into:)`` fills them.
    static var tables: [TableSchema] { get }
    /// Appends the rows of one stream to `tables` (one buffer per table); nothing when the
    /// stream has no rows (its opening entry was retracted).
    static func rows(streamId: String, history: [EffectiveEvent], into tables: inout [CopyText])
    /// The value of each table's stream key for `streamId`.
    static func streamKey(_ streamId: String) -> String
    /// Tables of sums over the rows of ``tables``, kept in step with them (none by default).
    static var aggregates: [AggregateTable] { get }
}

extension ReadModel {
    static var aggregates: [AggregateTable] { [] }
}
