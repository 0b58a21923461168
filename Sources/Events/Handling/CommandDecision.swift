import Foundation

/// The one way a command becomes rows to append, shared by the routes
/// (``CommandHandler``) and bulk import (``Importer``).
///
/// The stream must exist unless the command starts one; the stream's rules decide against
/// its effective history and the reference data; each decided event becomes a row with
/// the command's id (the first; later ones get new ids), time and actor, and the station
/// of the record it belongs to.
enum CommandDecision {
    /// One decided event and the row that records it.
    struct Decided: Sendable {
        let event: DomainEvent
        let row: NewEvent
    }

    /// Throws ``CommandError/streamNotFound(_:)`` unless `streamId` names a kind of record
    /// and either has a history or `command` starts it.
    static func requireStream(_ streamId: String, for command: Command, given history: StreamHistory) throws(CommandError) {
        guard StreamKind(streamId: streamId) != nil, !history.envelopes.isEmpty || command.event.startsStream else {
            throw .streamNotFound(streamId)
        }
    }

    /// The events `command` records on `streamId` and their rows; `encoded` is the
    /// command's own event already written out, reused when the rules keep it as it is.
    ///
    /// Throws ``CommandError`` for a missing stream and ``Rejection`` when the rules refuse.
    static func decide(
        _ command: Command, on streamId: String, given history: StreamHistory, reference: ReferenceData,
        encoded: EncodedPayload? = nil
    ) throws -> [Decided] {
        try requireStream(streamId, for: command, given: history)
        guard let kind = StreamKind(streamId: streamId) else { throw CommandError.streamNotFound(streamId) }
        return try kind.decide(command, given: history, reference: reference).enumerated().map { index, event in
            let stationId = history.stationId(for: event) ?? ""
            if index == 0, event == command.event, let encoded {
                return Decided(event: event, row: NewEvent(
                    eventId: command.eventId, type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data,
                    occurredAt: command.occurredAt, actor: command.actor, stationId: stationId))
            }
            return Decided(event: event, row: try NewEvent(
                encoding: event, eventId: index == 0 ? command.eventId : UUID(), occurredAt: command.occurredAt,
                actor: command.actor, stationId: stationId))
        }
    }
}
