public import Foundation

/// An earlier entry of the same stream was made by mistake; projections act as if it never
/// happened.
public struct EntryRetracted: Sendable, Codable, Equatable {
    /// The `eventId` of the mistaken entry.
    public let targetEventId: UUID
    /// Why it was a mistake.
    public let reason: String

    /// A retraction.
    public init(targetEventId: UUID, reason: String) {
        self.targetEventId = targetEventId
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case targetEventId, reason
    }
}

extension EntryRetracted: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "EntryRetracted"
    static let streamKind: StreamKind? = nil
    static let noun = "a retraction"
    var domainEvent: DomainEvent { .entryRetracted(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(reason, "reason")
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
    }
}
