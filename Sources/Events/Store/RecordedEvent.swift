public import Foundation

/// One event as stored in the log, with its envelope.
///
/// `data` holds the payload as JSON bytes exactly as stored; the domain decodes and
/// upcasts it on read, so a stored row is never rewritten.
public struct RecordedEvent: Sendable, Equatable {
    /// Order in the whole log.
    public var globalPosition: Int64
    /// The writing transaction's id, the first half of the log cursor.
    public var transactionId: UInt64
    public var eventId: UUID
    public var streamId: String
    /// 1, 2, 3 … within the stream.
    public var streamVersion: Int
    public var type: String
    public var schemaVersion: Int
    public var data: Data
    public var occurredAt: Date
    public var recordedAt: Date
    public var actor: String
    public var stationId: String

    public init(
        globalPosition: Int64, transactionId: UInt64, eventId: UUID, streamId: String,
        streamVersion: Int, type: String, schemaVersion: Int, data: Data,
        occurredAt: Date, recordedAt: Date, actor: String, stationId: String
    ) {
        self.globalPosition = globalPosition
        self.transactionId = transactionId
        self.eventId = eventId
        self.streamId = streamId
        self.streamVersion = streamVersion
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.stationId = stationId
    }

    /// The stream's category: the part of the stream id before the first `-`.
    public var category: String {
        String(streamId.prefix { $0 != "-" })
    }
}
