public import Foundation

/// A `DomainEvent` written out for the log: its type, current schema version and JSON.
public struct EncodedPayload: Sendable, Equatable {
    /// The event's `type`, e.g. `DisputeLogged`.
    public var type: String
    /// The payload version written.
    public var schemaVersion: Int
    /// The payload as a JSON object with camelCase keys, sorted so equal payloads are
    /// equal bytes.
    public var data: Data
}
