import Synchronization

/// The reference data (stations and their communities) folded once and kept, refolded
/// only when the station streams have grown.
///
/// Every command on a dispute or an alert checks its station and community against the
/// reference data; folding every station event per request was most of a write's cost.
/// The cache is keyed by the number of station events: the log is append-only, so the
/// same number means the same events. A command reads that number with its stream, in the
/// same snapshot (``EventStore/readStream(_:countingCategory:)``), so it never decides
/// against reference data older than its own read, whichever process appended.
public final class ReferenceDataCache: Sendable {
    private struct Folded: Sendable {
        let stationEvents: Int
        let data: ReferenceData
    }

    private let folded = Mutex<Folded?>(nil)

    /// An empty cache; the first command fills it.
    public init() {}

    /// The reference data of at least `stationEvents` station events: the kept fold when
    /// it has exactly that many, else a fresh fold read from `store`.
    func referenceData(stationEvents: Int, from store: EventStore) async throws -> ReferenceData {
        if let kept = folded.withLock({ $0 }), kept.stationEvents == stationEvents {
            return kept.data
        }
        let recorded = try await store.readCategory(StreamKind.station.rawValue)
        let data = try ReferenceData(recorded: recorded)
        folded.withLock { current in
            if recorded.count >= current?.stationEvents ?? 0 {
                current = Folded(stationEvents: recorded.count, data: data)
            }
        }
        return data
    }
}
