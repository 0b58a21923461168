import Events

/// The rows one stream becomes in a projection's tables, or why it cannot become any.
struct DerivedStream: Sendable {
    /// The stream.
    let streamId: String
    /// The global position of its last event read; a parked stream records it.
    let lastPosition: Int64
    /// COPY text per table of the model, or the reason the history could not be read.
    let rows: Result<[CopyText], StreamFailure>

    /// Decodes `events` (one stream's, in version order), folds their effective history
    /// and derives the rows of `model`.
    static func derive(_ model: any ReadModel.Type, streamId: String, events: [RecordedEvent]) -> DerivedStream {
        let lastPosition = events.last?.globalPosition ?? 0
        do {
            let history = try EffectiveHistory.of(EventRegistry.decode(events))
            var tables = model.tables.map { _ in CopyText() }
            model.rows(streamId: streamId, history: history, into: &tables)
            return DerivedStream(streamId: streamId, lastPosition: lastPosition, rows: .success(tables))
        } catch {
            return DerivedStream(
                streamId: streamId, lastPosition: lastPosition, rows: .failure(StreamFailure(String(describing: error))))
        }
    }
}

/// Why a stream was parked, in words an operator can act on.
struct StreamFailure: Error, Sendable {
    /// What went wrong.
    let message: String

    init(_ message: String) { self.message = message }
}
