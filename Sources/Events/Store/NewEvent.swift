public import Foundation

/// An event to be appended; the store assigns its version and positions.
public struct NewEvent: Sendable, Equatable {
    public var eventId: UUID
    public var type: String
    public var schemaVersion: Int
    /// The payload as a JSON object.
    public var data: Data
    public var occurredAt: Date
    public var actor: String
    public var stationId: String

    public init(
        eventId: UUID = UUID(), type: String, schemaVersion: Int = 1, data: Data,
        occurredAt: Date = Date(), actor: String, stationId: String
    ) {
        self.eventId = eventId
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.occurredAt = occurredAt
        self.actor = actor
        self.stationId = stationId
    }
}
