/// One stream as read: its stored entries, decoded and upcast, and its effective history.
///
/// This is the state `decide` works on: corrections need the stored entries (to find
/// their target), lifecycle rules need the effective ones.
public struct StreamHistory: Sendable, Equatable {
    /// The stream's entries as stored, corrections included, in stream order.
    public let envelopes: [EventEnvelope]
    /// The entries after corrections; see `EffectiveHistory`.
    public let effective: [EffectiveEvent]

    /// A history of decoded entries.
    public init(_ envelopes: [EventEnvelope]) throws(EventDecodingError) {
        self.envelopes = envelopes
        self.effective = try EffectiveHistory.of(envelopes)
    }

    /// A history of stored rows, decoded and upcast.
    public init(recorded: [RecordedEvent]) throws(EventDecodingError) {
        try self.init(EventRegistry.decode(recorded))
    }

    /// An empty stream.
    public static let empty = StreamHistory(checked: [], effective: [])

    private init(checked envelopes: [EventEnvelope], effective: [EffectiveEvent]) {
        self.envelopes = envelopes
        self.effective = effective
    }

    /// The stream's last version, 0 for a stream not yet written.
    public var version: Int { envelopes.last?.streamVersion ?? 0 }

    /// The version to expect when appending what was decided on this history.
    public var expectedVersion: ExpectedVersion { envelopes.isEmpty ? .noStream : .exact(version) }

    /// The station the stream belongs to, once it has an entry.
    public var stationId: String? { envelopes.first?.stationId }

    /// The station an appended `event` belongs to: the one it names, else the stream's.
    public func stationId(for event: DomainEvent) -> String? {
        event.stationId ?? stationId
    }
}
