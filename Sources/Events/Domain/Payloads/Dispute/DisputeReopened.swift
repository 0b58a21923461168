/// A settled or closed dispute flared up again; a change in the world, not a correction.
public struct DisputeReopened: Sendable, Codable, Equatable {
    /// Why it was reopened.
    public enum Cause: String, ClosedValueSet {
        /// The dispute came back.
        case recurrence
        /// A party broke the agreement.
        case agreementBroken = "agreement_broken"
    }

    /// Why it was reopened.
    public let cause: Cause
    /// A free note.
    public let note: String?

    /// A reopening.
    public init(cause: Cause, note: String? = nil) {
        self.cause = cause
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cause, note
    }
}

extension DisputeReopened: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "DisputeReopened"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a reopening"
    var domainEvent: DomainEvent { .disputeReopened(self) }

    func validate() throws(Rejection) {
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
