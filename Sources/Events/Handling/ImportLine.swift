import Foundation

/// One NDJSON line of an import read as a command: `{"type", "data", "eventId",
/// "occurredAt", "actor"?}`, with the stream its `data` names.
///
/// `data` names the stream by `disputeId`, `alertId` or `stationId`. Where the event's
/// payload has no such field (a mediation, a correction) the field only names the stream
/// and is taken out before the payload is decoded with the routes' rules.
struct ImportLine: Sendable {
    /// The line's number in the input.
    let number: Int
    /// The stream the entry goes to.
    let streamId: String
    /// The entry as a clerk's command.
    let command: Command
    /// The event's payload as it will be stored, for the idempotency check.
    let payload: EncodedPayload

    /// A line read: an entry to decide, or why it is not one.
    enum Parsed: Sendable {
        case entry(ImportLine)
        case rejected(ImportRejection)
    }

    /// How far in the future an `occurredAt` may lie, as on the routes.
    static let futureTolerance: TimeInterval = 5 * 60

    /// The fields a line may have.
    private static let fields: Set<String> = ["type", "data", "eventId", "occurredAt", "actor"]

    /// The payload field that names each kind of stream.
    private static let streamKeys: [(key: String, kind: StreamKind)] = [
        ("disputeId", .dispute), ("alertId", .alert), ("stationId", .station),
    ]

    /// The line read as an entry, or why it cannot be one.
    static func parse(
        _ bytes: [UInt8], number: Int, actor defaultActor: String, role: ActorRole, now: Date
    ) -> Parsed {
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: bytes)
        } catch {
            return .rejected(ImportRejection(line: number, eventId: nil, reason: .malformed, detail: "the line is not JSON: \(error)"))
        }
        guard case .object(let object) = parsed else {
            return .rejected(ImportRejection(line: number, eventId: nil, reason: .malformed, detail: "the line is not a JSON object"))
        }
        var eventId: UUID?
        if case .string(let text)? = object["eventId"] { eventId = UUID(hyphenated: text) }
        func malformed(_ detail: String) -> Parsed {
            .rejected(ImportRejection(line: number, eventId: eventId, reason: .malformed, detail: detail))
        }
        if let unknown = Set(object.keys).subtracting(fields).sorted().first {
            return malformed("a line has no field \"\(unknown)\"; expected type, data, eventId, occurredAt and actor")
        }
        guard case .string(let type)? = object["type"] else { return malformed("type must be the name of an event type") }
        guard case .object(let data)? = object["data"] else { return malformed("data must be a JSON object") }
        guard let eventId else { return malformed("eventId must be a UUID") }
        guard case .string(let time)? = object["occurredAt"], let occurredAt = RFC3339.date(from: time) else {
            return malformed("occurredAt must be an RFC 3339 timestamp such as 2024-03-01T08:30:00+08:00")
        }
        let actor: String
        switch object["actor"] {
        case nil, .null?: actor = defaultActor
        case .string(let name)? where !name.trimmingCharacters(in: .whitespaces).isEmpty && !name.unicodeScalars.contains("\u{0}"):
            actor = name
        default: return malformed("actor must be a non-empty string without NUL characters when given")
        }
        if occurredAt.timeIntervalSince(now) > futureTolerance {
            return .rejected(ImportRejection(
                line: number, eventId: eventId, reason: .ruleViolation, detail: "occurredAt lies more than 5 minutes in the future"))
        }
        do throws(Rejection) {
            let (streamId, payload) = try stream(of: type, data: data)
            let event = try EventRegistry.decodeSubmission(type: type, object: payload)
            let command = Command(event, eventId: eventId, occurredAt: occurredAt, actor: actor, role: role)
            let line = ImportLine(
                number: number, streamId: streamId, command: command, payload: try EventRegistry.encode(event))
            return .entry(line)
        } catch {
            return .rejected(ImportRejection(line: number, eventId: eventId, rejection: error))
        }
    }

    /// The stream `data` names for an event of `type`, and the payload without the field
    /// that only named the stream.
    private static func stream(of type: String, data: [String: JSONValue]) throws(Rejection) -> (String, [String: JSONValue]) {
        guard let payloadType = EventRegistry.payloadType(named: type) else {
            throw Rejection(
                .invalidPayload,
                "\"\(type)\" is not an event type; expected one of \(EventRegistry.eventTypes.joined(separator: ", "))",
                field: "type")
        }
        if payloadType.eventType == PartyDataErased.eventType {
            throw Rejection(
                .invalidPayload,
                "\"\(type)\" is recorded only when the parties' keys are destroyed (app erase-party); an import cannot erase",
                field: "type")
        }
        let candidates = streamKeys.filter { entry in payloadType.streamKind.map { $0 == entry.kind } ?? true }
        let present = candidates.filter { data[$0.key] != nil }
        guard present.count == 1, let named = present.first else {
            let names = candidates.map(\.key).joined(separator: " or ")
            throw Rejection(.invalidPayload, "data must name its record with exactly one of \(names)", field: candidates.first?.key)
        }
        let key = named.key
        let streamId: String
        switch (named.kind, data[key]) {
        case (.station, .string(let stationId)?) where !stationId.isEmpty:
            streamId = StreamKind.stationStreamId(stationId)
        case (.dispute, .string(let text)?):
            guard let id = UUID(hyphenated: text) else { throw Rejection(.invalidPayload, "\(key) must be a UUID", field: key) }
            streamId = StreamKind.disputeStreamId(id)
        case (.alert, .string(let text)?):
            guard let id = UUID(hyphenated: text) else { throw Rejection(.invalidPayload, "\(key) must be a UUID", field: key) }
            streamId = StreamKind.alertStreamId(id)
        default:
            throw Rejection(.invalidPayload, "\(key) must be a non-empty string", field: key)
        }
        var payload = data
        if !EventRegistry.fieldNames(of: payloadType).contains(key) { payload.removeValue(forKey: key) }
        return (streamId, payload)
    }
}
