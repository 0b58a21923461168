/// The station stopped handling the dispute without settling it.
public struct DisputeClosedUnresolved: Sendable, Codable, Equatable {
    /// Why it was closed.
    public enum Reason: String, ClosedValueSet {
        /// A party went to court.
        case litigation
        /// It ended in an administrative penalty.
        case penalty
        /// A party refused mediation.
        case refused
        /// The parties could not be reached.
        case unreachable
        /// Otherwise.
        case other
    }

    /// Why it was closed.
    public let reason: Reason
    /// A free note.
    public let note: String?

    /// A closure.
    public init(reason: Reason, note: String? = nil) {
        self.reason = reason
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason, note
    }
}

extension DisputeClosedUnresolved: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "DisputeClosedUnresolved"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a closure"
    var domainEvent: DomainEvent { .disputeClosedUnresolved(self) }

    func validate() throws(Rejection) {
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
