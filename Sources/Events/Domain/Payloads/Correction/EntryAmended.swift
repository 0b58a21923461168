public import Foundation

/// Fields of an earlier entry of the same stream were entered wrongly; projections see the
/// new values.
public struct EntryAmended: Sendable, Codable, Equatable {
    /// The name of the envelope time that an amendment may change besides payload fields.
    public static let occurredAtField = "occurredAt"

    /// The `eventId` of the entry to amend.
    public let targetEventId: UUID
    /// Field name → new value; payload fields by their JSON key, and `occurredAt` as an
    /// RFC 3339 timestamp. `null` clears an optional field.
    public let changes: [String: JSONValue]
    /// Why the entry was wrong.
    public let reason: String

    /// An amendment.
    public init(targetEventId: UUID, changes: [String: JSONValue], reason: String) {
        self.targetEventId = targetEventId
        self.changes = changes
        self.reason = reason
    }

    /// Whether the amendment moves the target's `occurredAt`, which is counted as
    /// `amendedTimes`.
    public var changesTime: Bool { changes[Self.occurredAtField] != nil }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case targetEventId, changes, reason
    }
}

extension EntryAmended: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "EntryAmended"
    static let streamKind: StreamKind? = nil
    static let noun = "an amendment"
    var domainEvent: DomainEvent { .entryAmended(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(reason, "reason")
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
        if changes.isEmpty {
            throw .invalidPayload("an amendment must name at least one field to change")
        }
    }
}
