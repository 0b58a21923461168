public import Foundation

/// Turns stored rows into `DomainEvent`s by type name, upcasting old payload versions on
/// every read, and turns `DomainEvent`s back into payloads for the log.
public enum EventRegistry {
    /// Every event type of the contract.
    static let payloadTypes: [any EventPayload.Type] = [
        StationRegistered.self, CommunityRegistered.self, StationTargetChanged.self,
        DisputeLogged.self, MediationHeld.self, DisputeReferred.self, DisputeResolved.self,
        DisputeClosedUnresolved.self, DisputeReopened.self, FollowUpConducted.self, PartyDataErased.self,
        AlertReceived.self, AlertReclassified.self, UnitDispatched.self, UnitEnRoute.self,
        UnitArrived.self, AlertDiverted.self, AlertCleared.self, AlertCancelled.self,
        AlertReopened.self,
        EntryRetracted.self, EntryAmended.self,
    ]

    /// Every step from an old payload version to the next.
    static let upcasters: [Upcaster] = [AlertReceivedUpcaster.version1To2]

    /// The names of every event type, in contract order.
    public static var eventTypes: [String] { payloadTypes.map { $0.eventType } }

    /// The payload version written today for `type`, or nil for an unknown type.
    public static func currentSchemaVersion(of type: String) -> Int? {
        payloadType(named: type)?.schemaVersion
    }

    /// Decodes and upcasts one stored row.
    public static func decode(_ recorded: RecordedEvent) throws(EventDecodingError)
        -> EventEnvelope
    {
        let event = try decodeStored(
            type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data,
            eventId: recorded.eventId)
        return EventEnvelope(
            eventId: recorded.eventId, streamId: recorded.streamId,
            streamVersion: recorded.streamVersion, globalPosition: recorded.globalPosition,
            transactionId: recorded.transactionId, occurredAt: recorded.occurredAt,
            recordedAt: recorded.recordedAt, actor: recorded.actor,
            stationId: recorded.stationId, schemaVersion: recorded.schemaVersion, event: event)
    }

    /// Decodes and upcasts stored rows, keeping their order.
    public static func decode(_ recorded: [RecordedEvent]) throws(EventDecodingError)
        -> [EventEnvelope]
    {
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(recorded.count)
        for row in recorded {
            envelopes.append(try decode(row))
        }
        return envelopes
    }

    /// Decodes a stored payload of `type` written at `schemaVersion`, upcast to today's.
    public static func decodeStored(
        type: String, schemaVersion: Int, data: Data, eventId: UUID? = nil
    ) throws(EventDecodingError) -> DomainEvent {
        guard let payloadType = payloadType(named: type) else {
            throw EventDecodingError(
                .unknownType, eventType: type, eventId: eventId, detail: "no such event type")
        }
        if schemaVersion == payloadType.schemaVersion {
            // Written at today's version: one decoding pass, no detour through a JSON object.
            do {
                return try PayloadCoder.decode(payloadType, from: data)
            } catch {
                throw EventDecodingError(
                    .invalidPayload, eventType: type, eventId: eventId, detail: error.message)
            }
        }
        let stored: [String: JSONValue]
        do {
            stored = try PayloadCoder.object(from: data)
        } catch {
            throw EventDecodingError(
                .invalidPayload, eventType: type, eventId: eventId, detail: error.message)
        }
        let current = try upcast(
            stored, type: type, from: schemaVersion, to: payloadType.schemaVersion,
            eventId: eventId)
        do {
            return try PayloadCoder.decode(payloadType, from: current)
        } catch {
            throw EventDecodingError(
                .invalidPayload, eventType: type, eventId: eventId, detail: error.message)
        }
    }

    /// Decodes a payload a clerk submitted for `type` at today's version.
    ///
    /// Fields the contract lets a clerk leave out are filled in first (`policeMatter` from
    /// the category, a station's zone and target); unknown fields are refused, so a
    /// misspelt optional field is not silently dropped.
    public static func decodeSubmission(type: String, data: Data) throws(Rejection)
        -> DomainEvent
    {
        let object: [String: JSONValue]
        do throws(PayloadCoder.Failure) {
            object = try PayloadCoder.object(from: data)
        } catch {
            throw .invalidPayload(error.message)
        }
        return try decodeSubmission(type: type, object: object)
    }

    /// ``decodeSubmission(type:data:)`` for a payload already read as a JSON object (the
    /// routes and import read the whole body or line once).
    public static func decodeSubmission(type: String, object submitted: [String: JSONValue]) throws(Rejection)
        -> DomainEvent
    {
        guard let payloadType = payloadType(named: type) else {
            throw .invalidPayload(
                "\"\(type)\" is not an event type; expected one of \(eventTypes.joined(separator: ", "))"
            )
        }
        do throws(PayloadCoder.Failure) {
            let object = payloadType.withSubmissionDefaults(submitted)
            if let field = JSONValue.object(object).pathOfNULCharacter() {
                throw PayloadCoder.Failure(
                    message: "\(field.isEmpty ? "a field name" : field) contains the NUL character, which text may not hold",
                    field: field.isEmpty ? nil : field)
            }
            let unknown = Set(object.keys).subtracting(fieldNames(of: payloadType)).sorted()
            if !unknown.isEmpty {
                throw PayloadCoder.Failure(
                    message: "\(type) has no field \(unknown.map { "\"\($0)\"" }.joined(separator: ", "))",
                    field: unknown.first)
            }
            return try PayloadCoder.decode(payloadType, from: object)
        } catch {
            throw .invalidPayload(error.message, field: error.field)
        }
    }

    /// The event's type, current schema version and JSON payload, ready for a `NewEvent`.
    public static func encode(_ event: DomainEvent) throws(Rejection) -> EncodedPayload {
        do {
            return EncodedPayload(
                type: event.typeName, schemaVersion: event.schemaVersion, data: try PayloadCoder.data(of: event.payload))
        } catch {
            throw .invalidPayload(error.message)
        }
    }

    /// The event's payload as a JSON object, for amendments.
    static func object(of event: DomainEvent) throws(PayloadCoder.Failure) -> [String: JSONValue] {
        try PayloadCoder.object(of: event.payload)
    }

    /// The conforming type for a `type` name.
    static func payloadType(named name: String) -> (any EventPayload.Type)? {
        payloadTypesByName[name]
    }

    /// The names of the fields of `type`'s payload, computed once per type (every
    /// submitted payload is checked against them).
    static func fieldNames(of type: any EventPayload.Type) -> Set<String> {
        fieldNamesByType[type.eventType] ?? type.fieldNames
    }

    private static let payloadTypesByName: [String: any EventPayload.Type] = Dictionary(
        uniqueKeysWithValues: payloadTypes.map { ($0.eventType, $0) })

    private static let fieldNamesByType: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: payloadTypes.map { ($0.eventType, $0.fieldNames) })

    /// Applies upcasters from `stored` up to `current`, one version at a time.
    private static func upcast(
        _ object: [String: JSONValue], type: String, from stored: Int, to current: Int,
        eventId: UUID?
    ) throws(EventDecodingError) -> [String: JSONValue] {
        guard stored <= current, stored >= 1 else {
            throw EventDecodingError(
                .unsupportedVersion, eventType: type, eventId: eventId,
                detail: "stored schema version \(stored); this code reads 1 to \(current)")
        }
        var object = object
        for version in stored..<current {
            guard
                let step = upcasters.first(where: { $0.eventType == type && $0.fromVersion == version })
            else {
                throw EventDecodingError(
                    .unsupportedVersion, eventType: type, eventId: eventId,
                    detail: "no upcaster from schema version \(version)")
            }
            object = step.upcast(object)
        }
        return object
    }
}
