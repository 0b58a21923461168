import Events
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A write request's body and headers, split into the envelope fields every write
/// accepts (`eventId`, `occurredAt`, `If-Match`) and the event's payload.
struct WriteInput {
    /// How far in the future a clerk's `occurredAt` may lie (clock skew), as api.md allows.
    static let futureTolerance: TimeInterval = 5 * 60

    let eventId: UUID
    let occurredAt: Date
    /// The body left `occurredAt` out and the server's clock chose it.
    let timeChosenByServer: Bool
    let expectedVersion: Int?
    var payload: [String: JSONValue]

    /// Reads a JSON write request: 415 for another content type, 413 over 1 MiB, 408 when
    /// the body does not arrive whole within the body timeout (a trickling client), 400 for
    /// malformed JSON or envelope fields, 422 for a time too far in the future.
    static func read(_ request: Request, context: LedgerRequestContext, now: Date = Date()) async throws -> WriteInput {
        try requireJSON(request)
        let body = try await TimedBody(base: request.body, limit: .whole(context.bodyTimeout), channel: context.channel)
            .collect(upTo: context.maxUploadSize)
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: body.readableBytesView)
        } catch {
            throw Problem.badRequest("the body is not JSON: \(error)", field: "body")
        }
        guard case .object(var payload) = parsed else {
            throw Problem.badRequest("the body must be a JSON object", field: "body")
        }
        let eventId: UUID
        switch payload.removeValue(forKey: "eventId") {
        case nil, .null?: eventId = UUID()
        case .string(let text)?:
            guard let parsed = UUID(uuidString: text) else { throw Problem.badRequest("eventId must be a UUID", field: "eventId") }
            eventId = parsed
        default: throw Problem.badRequest("eventId must be a UUID", field: "eventId")
        }
        let occurredAt: Date
        let occurredAtField = payload.removeValue(forKey: "occurredAt").flatMap { $0 == .null ? nil : $0 }
        switch occurredAtField {
        case nil: occurredAt = now
        case .string(let text)?:
            guard let parsed = RFC3339.date(from: text) else {
                throw Problem.badRequest("occurredAt must be an RFC 3339 timestamp such as 2024-03-01T08:30:00+08:00", field: "occurredAt")
            }
            occurredAt = parsed
        default: throw Problem.badRequest("occurredAt must be an RFC 3339 timestamp", field: "occurredAt")
        }
        if occurredAt.timeIntervalSince(now) > futureTolerance {
            throw Problem.unprocessable("occurredAt lies more than 5 minutes in the future", field: "occurredAt")
        }
        return WriteInput(
            eventId: eventId, occurredAt: occurredAt, timeChosenByServer: occurredAtField == nil,
            expectedVersion: try ifMatch(request), payload: payload)
    }

    /// The payload read as the event `type` would be submitted by a clerk.
    func event(_ type: String) throws -> DomainEvent {
        try EventRegistry.decodeSubmission(type: type, object: payload)
    }

    /// 415 unless the body is declared as JSON.
    static func requireJSON(_ request: Request, _ accepted: String = "application/json") throws {
        let contentType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard contentType == accepted || (accepted == "application/json" && contentType.hasSuffix("+json")) else {
            throw Problem.unsupportedMediaType(accepted)
        }
    }

    /// The version in `If-Match: "<streamVersion>"`, if sent.
    private static func ifMatch(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text), version >= 0 else {
            throw Problem.badRequest("If-Match must be the stream version in quotes, e.g. \"3\"", field: "If-Match")
        }
        return version
    }
}
