/// What the registry and the rules need to know about one event payload type.
///
/// Every event struct conforms in its own file, so adding an event means one new file
/// plus one case in `DomainEvent`.
protocol EventPayload: Sendable, Codable, Equatable {
    /// The payload's JSON keys, one case per field; lists the fields an amendment may name.
    associatedtype Field: CodingKey, CaseIterable, RawRepresentable where Field.RawValue == String

    /// The event's `type` in the log, e.g. `DisputeLogged`.
    static var eventType: String { get }
    /// The payload version this code writes; older stored versions are upcast to it.
    static var schemaVersion: Int { get }
    /// The kind of stream the event belongs to; nil for corrections, which fit any stream.
    static var streamKind: StreamKind? { get }
    /// Fields that identify the stream or its station and so may never be amended.
    static var fixedFields: Set<String> { get }
    /// How a clerk would name one such entry, e.g. "a mediation".
    static var noun: String { get }

    /// The payload wrapped in its `DomainEvent` case.
    var domainEvent: DomainEvent { get }

    /// Checks the values a payload can be wrong about on its own (ranges, empty text).
    func validate() throws(Rejection)

    /// Fills the fields a clerk may leave out, before strict decoding of a submission.
    static func withSubmissionDefaults(_ object: [String: JSONValue]) -> [String: JSONValue]
}

extension EventPayload {
    static var schemaVersion: Int { 1 }
    static var fixedFields: Set<String> { [] }

    func validate() throws(Rejection) {}

    static func withSubmissionDefaults(_ object: [String: JSONValue]) -> [String: JSONValue] {
        object
    }

    /// The names of every payload field.
    static var fieldNames: Set<String> { Set(Field.allCases.map(\.rawValue)) }
}
