public import Foundation

/// A stored event decoded into a `DomainEvent`, with its envelope.
public struct EventEnvelope: Sendable, Equatable {
    /// Unique across the log.
    public var eventId: UUID
    /// `dispute-<uuid>`, `alert-<uuid>` or `station-<id>`.
    public var streamId: String
    /// 1, 2, 3 … within the stream.
    public var streamVersion: Int
    /// Order in the whole log.
    public var globalPosition: Int64
    /// The writing transaction's id, the first half of the log cursor.
    public var transactionId: UInt64
    /// When it happened in the world.
    public var occurredAt: Date
    /// When it was stored.
    public var recordedAt: Date
    /// Who recorded it.
    public var actor: String
    /// The station the stream belongs to.
    public var stationId: String
    /// The payload version as stored, before upcasting; `event` is always current.
    public var schemaVersion: Int
    /// The payload, upcast to the current version.
    public var event: DomainEvent

    /// An envelope from its parts.
    public init(
        eventId: UUID, streamId: String, streamVersion: Int, globalPosition: Int64,
        transactionId: UInt64 = 0, occurredAt: Date, recordedAt: Date, actor: String,
        stationId: String, schemaVersion: Int, event: DomainEvent
    ) {
        self.eventId = eventId
        self.streamId = streamId
        self.streamVersion = streamVersion
        self.globalPosition = globalPosition
        self.transactionId = transactionId
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.stationId = stationId
        self.schemaVersion = schemaVersion
        self.event = event
    }
}
