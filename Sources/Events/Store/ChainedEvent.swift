public import Foundation

/// A stored event with what its hash covers beyond ``RecordedEvent``: the exact
/// microsecond it occurred at (a `Date` may round it) and the hash the log stores.
public struct ChainedEvent: Sendable, Equatable {
    /// The event as every reader sees it.
    public var event: RecordedEvent
    /// `occurred_at` in UTC microseconds since 1970, as the hash encodes it.
    public var occurredMicros: Int64
    /// The stored hash; nil when the row has none (only a row written around the log's
    /// constraints could lack one).
    public var storedHash: Data?

    /// An event as read with its hash.
    public init(event: RecordedEvent, occurredMicros: Int64, storedHash: Data?) {
        self.event = event
        self.occurredMicros = occurredMicros
        self.storedHash = storedHash
    }
}
