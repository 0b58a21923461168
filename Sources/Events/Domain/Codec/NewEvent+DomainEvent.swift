public import Foundation

extension NewEvent {
    /// A new event carrying `event`'s type, current schema version and JSON payload.
    public init(
        encoding event: DomainEvent, eventId: UUID = UUID(), occurredAt: Date, actor: String,
        stationId: String
    ) throws(Rejection) {
        let payload = try EventRegistry.encode(event)
        self.init(
            eventId: eventId, type: payload.type, schemaVersion: payload.schemaVersion,
            data: payload.data, occurredAt: occurredAt, actor: actor, stationId: stationId)
    }
}
