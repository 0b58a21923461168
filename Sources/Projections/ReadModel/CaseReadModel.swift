import Events

/// A read model with one row per stream, keyed by the stream id: disputes and alerts.
protocol CaseReadModel: ReadModel {
    /// The one table.
    static var table: ReadModelTable<Self> { get }
    /// The row of a stream, or nil when its opening entry was retracted.
    static func derive(streamId: String, history: [EffectiveEvent]) -> Self?
}

extension CaseReadModel {
    static var tables: [TableSchema] { [table.schema] }

    static func rows(streamId: String, history: [EffectiveEvent], into tables: inout [CopyText]) {
        if let row = derive(streamId: streamId, history: history) { table.append(row, to: &tables[0]) }
    }

    static func streamKey(_ streamId: String) -> String { streamId }
}
