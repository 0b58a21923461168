import Foundation

/// Corrections on any stream: `EntryRetracted` and `EntryAmended`.
///
/// A correction is legal when its target is an ordinary, unretracted entry of the same
/// stream and the effective history it leaves passes `replay`, the same rules every entry
/// passed when it was recorded. Roles follow api.md: retracting an alert's dispatch or
/// arrival, like amending an alert's time, needs a supervisor (or admin); a supervisor
/// corrects times only. Corrections are not themselves part of the effective
/// history, so their own `occurredAt` (when the mistake was fixed) is not held to the
/// stream's time order.
extension Lifecycle {
    /// Checks a retraction.
    static func decideRetraction(
        _ retraction: EntryRetracted, _ command: Command, given history: StreamHistory,
        reference: ReferenceData
    ) throws(Rejection) {
        try retraction.validate()
        try Validation.time(command.occurredAt, EntryAmended.occurredAtField)
        let target = try correctable(retraction.targetEventId, by: EntryRetracted.noun, in: history)
        let entry = "entry \(target.eventId.uuidString.lowercased()) (\(target.event.payloadType.noun))"
        let retractsATime: Bool
        switch target.event {
        case .unitDispatched, .unitEnRoute, .unitArrived: retractsATime = true
        default: retractsATime = false
        }
        if retractsATime, !command.role.mayAmendAlertTimes {
            throw Rejection(
                .roleRequired,
                "cannot retract \(entry): on an alert only a supervisor may retract a dispatch, an en-route entry or an arrival, because they drive the response figures"
            )
        }
        if command.role == .supervisor, !retractsATime {
            throw Rejection(.roleRequired, "cannot retract \(entry): a supervisor may only correct times; a clerk records this correction")
        }
        _ = try replayed(command, given: history, reference: reference) { problem in
            "cannot retract \(entry): the record would no longer be legal — \(problem)"
        }
    }

    /// Checks an amendment: its fields, the role for alert times, and the amended record.
    static func decideAmendment(
        _ amendment: EntryAmended, _ command: Command, given history: StreamHistory,
        reference: ReferenceData
    ) throws(Rejection) {
        try amendment.validate()
        try Validation.time(command.occurredAt, EntryAmended.occurredAtField)
        let target = try correctable(amendment.targetEventId, by: EntryAmended.noun, in: history)
        let targetType = target.event.payloadType
        let entry = "entry \(target.eventId.uuidString.lowercased()) (\(targetType.noun))"
        if command.role == .supervisor, amendment.changes.keys.contains(where: { $0 != EntryAmended.occurredAtField }) {
            throw Rejection(.roleRequired, "cannot amend \(entry): a supervisor may only amend times; a clerk records other corrections")
        }
        for field in amendment.changes.keys.sorted() {
            if field == EntryAmended.occurredAtField {
                if streamKind == .alert, !command.role.mayAmendAlertTimes {
                    throw Rejection(
                        .roleRequired,
                        "cannot amend the time of \(entry): on an alert only a supervisor may amend times, because they drive the response figures"
                    )
                }
            } else if targetType.fixedFields.contains(field) {
                throw .invalidCorrection(
                    "cannot amend \(field) of \(entry): it identifies the \(streamKind.rawValue) or its station")
            } else if !EventRegistry.fieldNames(of: targetType).contains(field) {
                throw .invalidCorrection(
                    "cannot amend \(entry): \(targetType.eventType) has no field \"\(field)\"")
            }
        }
        let effective = try replayed(command, given: history, reference: reference) { problem in
            "cannot amend \(entry): the amended record would not be legal — \(problem)"
        }
        let before = history.effective.first { $0.eventId == target.eventId }?.envelope
        let after = effective.first { $0.eventId == target.eventId }?.envelope
        if before == after {
            throw .invalidCorrection("cannot amend \(entry): the changes are the values it already has")
        }
    }

    /// The target of a correction, if it is an ordinary, unretracted entry of `history`.
    private static func correctable(_ targetId: UUID, by noun: String, in history: StreamHistory)
        throws(Rejection) -> EventEnvelope
    {
        let id = targetId.uuidString.lowercased()
        guard let target = history.envelopes.first(where: { $0.eventId == targetId }) else {
            throw .invalidCorrection(
                "cannot record \(noun): entry \(id) is not on this \(streamKind.rawValue)'s record; correct it on the record that holds it"
            )
        }
        if target.event.isCorrection {
            throw .invalidCorrection(
                "cannot record \(noun): entry \(id) is itself a correction; amend the original entry instead")
        }
        if case .partyDataErased = target.event {
            throw .invalidCorrection(
                "cannot record \(noun): entry \(id) records an erasure of party data, which cannot be undone or changed")
        }
        if !history.effective.contains(where: { $0.eventId == targetId }) {
            throw .invalidCorrection(
                "cannot record \(noun): entry \(id) (\(target.event.payloadType.noun)) was already retracted")
        }
        return target
    }

    /// The effective history with the correction added, checked by `replay`; a broken rule
    /// is reported through `explain`.
    private static func replayed(
        _ command: Command, given history: StreamHistory, reference: ReferenceData,
        explain: (String) -> String
    ) throws(Rejection) -> [EffectiveEvent] {
        let effective: [EffectiveEvent]
        do {
            effective = try EffectiveHistory.effectiveEvents(
                history.envelopes + [envelope(for: command, after: history)])
        } catch {
            throw .invalidPayload(explain(error.failure.message))
        }
        do {
            _ = try replay(effective, reference: reference)
        } catch {
            throw Rejection(
                .correctionLeavesIllegalHistory, explain(error.description),
                currentState: error.currentState, field: error.field)
        }
        return effective
    }

    /// The correction as it would be stored next in the stream.
    private static func envelope(for command: Command, after history: StreamHistory)
        -> EventEnvelope
    {
        let last = history.envelopes.last
        return EventEnvelope(
            eventId: command.eventId, streamId: last?.streamId ?? "",
            streamVersion: history.version + 1, globalPosition: (last?.globalPosition ?? 0) + 1,
            occurredAt: command.occurredAt, recordedAt: command.occurredAt, actor: command.actor,
            stationId: last?.stationId ?? "", schemaVersion: command.event.schemaVersion,
            event: command.event)
    }
}
