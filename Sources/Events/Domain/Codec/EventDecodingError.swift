public import Foundation

/// A stored event could not be turned into a `DomainEvent`: a fault in the log or in this
/// code, never the clerk's.
public struct EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// What kind of fault it is; new kinds may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case unknownType, unsupportedVersion, invalidPayload
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The `type` is not one this code knows.
        public static let unknownType = Code(.unknownType)
        /// The `schemaVersion` is newer than this code, or no upcaster leads from it.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The payload does not decode as its type.
        public static let invalidPayload = Code(.invalidPayload)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What kind of fault it is.
    public let code: Code
    /// The stored `type`.
    public let eventType: String
    /// The stored event, when known.
    public let eventId: UUID?
    /// The detail: which field, which version.
    public let detail: String

    /// What went wrong, without payload values.
    public var description: String {
        "stored \(eventType) event could not be read (\(code))"
    }

    /// What went wrong, with the event id and the detail.
    public var debugDescription: String {
        "\(description); event \(eventId?.uuidString ?? "unknown"): \(detail)"
    }

    init(_ code: Code, eventType: String, eventId: UUID?, detail: String) {
        self.code = code
        self.eventType = eventType
        self.eventId = eventId
        self.detail = detail
    }
}
