import Foundation

/// The one JSON configuration for payloads, and the translation of decoding failures into
/// sentences.
enum PayloadCoder {
    /// A decoding failure told as a sentence naming the field.
    struct Failure: Error {
        let message: String
        /// The JSON path of the field at fault, when one is.
        var field: String? = nil
    }

    /// The decoder for stored payloads: any `Date` as RFC 3339.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\"\(text)\" is not an RFC 3339 timestamp")
            }
            return date
        }
        return decoder
    }

    /// The payload bytes as a JSON object.
    static func object(from data: Data) throws(Failure) -> [String: JSONValue] {
        guard case .object(let object)? = try? JSONValue(parsing: data) else {
            throw Failure(message: "the payload is not a JSON object")
        }
        return object
    }

    /// A JSON object as bytes.
    static func data(from object: [String: JSONValue]) throws(Failure) -> Data {
        do {
            return try JSONBytesEncoder.data(of: object)
        } catch {
            throw Failure(message: "the payload could not be written as JSON")
        }
    }

    /// Decodes one payload type from a JSON object; a field set to `null` counts as absent.
    static func decode<Payload: EventPayload>(
        _ type: Payload.Type, from object: [String: JSONValue]
    ) throws(Failure) -> DomainEvent {
        do {
            return try JSONValueDecoder.decode(Payload.self, from: .object(object.filter { $0.value != .null })).domainEvent
        } catch let error as DecodingError {
            throw Failure(message: "\(Payload.eventType): \(sentence(for: error))", field: field(of: error))
        } catch {
            throw Failure(message: "\(Payload.eventType): \(error)")
        }
    }

    /// Decodes one payload type from JSON bytes; an optional field set to `null` is absent.
    static func decode<Payload: EventPayload>(_ type: Payload.Type, from data: Data) throws(Failure) -> DomainEvent {
        do {
            return try decoder().decode(Payload.self, from: data).domainEvent
        } catch let error as DecodingError {
            throw Failure(message: "\(Payload.eventType): \(sentence(for: error))", field: field(of: error))
        } catch {
            throw Failure(message: "\(Payload.eventType): \(error)")
        }
    }

    /// Encodes one payload as JSON bytes, keys sorted.
    static func data(of payload: some EventPayload) throws(Failure) -> Data {
        do {
            return try JSONBytesEncoder.data(of: payload)
        } catch {
            throw Failure(message: "\(type(of: payload).eventType): the payload could not be written as JSON")
        }
    }

    /// Encodes one payload as a JSON object.
    static func object<Payload: EventPayload>(of payload: Payload) throws(Failure)
        -> [String: JSONValue]
    {
        try object(from: try data(of: payload))
    }

    /// The JSON path of the field a decoding error concerns.
    private static func field(of error: DecodingError) -> String? {
        let keys: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            keys = context.codingPath
        @unknown default: keys = []
        }
        return keys.isEmpty ? nil : path(keys)
    }

    /// What went wrong, naming the field by its JSON path.
    private static func sentence(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) is required and may not be null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(name(of: type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the payload is not valid JSON"
                : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "the payload could not be read"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        default: "a \(type)"
        }
    }
}
