import Events
import Foundation

/// One stored event as `?history=true` shows it.
struct HistoryEntry: Encodable {
    /// Lower-case, like every id the API shows.
    let eventId: String
    let streamVersion: Int
    let globalPosition: Int64
    let type: String
    let schemaVersion: Int
    let occurredAt: Date
    let recordedAt: Date
    let actor: String
    let data: JSONValue

    init(_ recorded: RecordedEvent) throws {
        eventId = recorded.eventId.uuidString.lowercased()
        streamVersion = recorded.streamVersion
        globalPosition = recorded.globalPosition
        type = recorded.type
        schemaVersion = recorded.schemaVersion
        occurredAt = recorded.occurredAt
        recordedAt = recorded.recordedAt
        actor = recorded.actor
        data = try JSONValue(parsing: recorded.data)
    }
}
