import Foundation

/// The one function that turns a stream's stored entries into what happened: retracted
/// entries dropped, amendments applied, corrections themselves left out.
///
/// The rules use it to decide and to check that a correction leaves a legal stream; the
/// projections use it so figures count retracted entries as never having happened and
/// amended fields with their new values.
public enum EffectiveHistory {
    /// The effective entries of one stream, in stream order.
    ///
    /// Corrections whose target is not an ordinary entry of `envelopes` are ignored (the
    /// rules never store one). Throws when a stored amendment no longer applies to its
    /// target, a fault in the log or in an upcaster.
    public static func of(_ envelopes: [EventEnvelope]) throws(EventDecodingError)
        -> [EffectiveEvent]
    {
        do {
            return try effectiveEvents(envelopes)
        } catch {
            throw EventDecodingError(
                .invalidPayload, eventType: error.target.event.typeName,
                eventId: error.target.eventId, detail: error.failure.message)
        }
    }

    /// An amendment that does not apply to its target.
    struct AmendmentFailure: Error {
        let target: EventEnvelope
        let failure: PayloadCoder.Failure
    }

    /// `of(_:)` with the failing target kept, so the rules can reject a new amendment.
    static func effectiveEvents(_ envelopes: [EventEnvelope]) throws(AmendmentFailure)
        -> [EffectiveEvent]
    {
        let entries = envelopes.filter { !$0.event.isCorrection }
        let entryIds = Set(entries.map(\.eventId))
        var retracted: Set<UUID> = []
        var amendments: [UUID: [EntryAmended]] = [:]
        for envelope in envelopes {
            switch envelope.event {
            case .entryRetracted(let retraction) where entryIds.contains(retraction.targetEventId):
                retracted.insert(retraction.targetEventId)
            case .entryAmended(let amendment) where entryIds.contains(amendment.targetEventId):
                amendments[amendment.targetEventId, default: []].append(amendment)
            default:
                break
            }
        }
        var effective: [EffectiveEvent] = []
        for entry in entries where !retracted.contains(entry.eventId) {
            do throws(PayloadCoder.Failure) {
                effective.append(try applying(amendments[entry.eventId] ?? [], to: entry))
            } catch {
                throw AmendmentFailure(target: entry, failure: error)
            }
        }
        return effective
    }

    /// The entry with `amendments` applied in order.
    private static func applying(_ amendments: [EntryAmended], to entry: EventEnvelope)
        throws(PayloadCoder.Failure) -> EffectiveEvent
    {
        guard !amendments.isEmpty else { return EffectiveEvent(envelope: entry) }
        var envelope = entry
        var object = try EventRegistry.object(of: entry.event)
        var timeAmendments = 0
        for amendment in amendments {
            for (field, value) in amendment.changes.sorted(by: { $0.key < $1.key }) {
                if field == EntryAmended.occurredAtField {
                    guard case .string(let text) = value, let date = RFC3339.date(from: text) else {
                        throw PayloadCoder.Failure(
                            message: "occurredAt must be an RFC 3339 timestamp such as 2024-03-01T10:05:00Z")
                    }
                    envelope.occurredAt = date
                } else if value == .null {
                    object.removeValue(forKey: field)
                } else {
                    object[field] = value
                }
            }
            if amendment.changesTime {
                timeAmendments += 1
            }
        }
        envelope.event = try PayloadCoder.decode(entry.event.payloadType, from: object)
        return EffectiveEvent(
            envelope: envelope, amendments: amendments.count, timeAmendments: timeAmendments)
    }
}
