public import Foundation

/// Where appended events landed in their stream and in the log.
public struct AppendResult: Sendable, Equatable {
    /// Position of one appended (or previously appended) event.
    public struct Entry: Sendable, Equatable {
        public var eventId: UUID
        public var streamVersion: Int
        public var globalPosition: Int64

        public init(eventId: UUID, streamVersion: Int, globalPosition: Int64) {
            self.eventId = eventId
            self.streamVersion = streamVersion
            self.globalPosition = globalPosition
        }
    }

    public var streamId: String
    public var entries: [Entry]
    /// True when every event was already stored with the same content (an idempotent repeat).
    public var isRepeat: Bool

    public init(streamId: String, entries: [Entry], isRepeat: Bool) {
        self.streamId = streamId
        self.entries = entries
        self.isRepeat = isRepeat
    }

    /// The stream version after the append.
    public var streamVersion: Int { entries.last?.streamVersion ?? 0 }
    /// The global position of the last event appended.
    public var globalPosition: Int64 { entries.last?.globalPosition ?? 0 }
}
