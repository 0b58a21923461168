/// The station called back the parties of a dispute (回访).
public struct FollowUpConducted: Sendable, Codable, Equatable {
    /// How satisfied the parties said they were.
    public enum Rating: String, ClosedValueSet {
        /// 满意.
        case satisfied
        /// 基本满意.
        case basicallySatisfied = "basically_satisfied"
        /// 不满意.
        case dissatisfied
    }

    /// Whether the parties were reached.
    public let reached: Bool
    /// Their rating, only when reached.
    public let rating: Rating?
    /// Whether the agreement is being kept, only when reached.
    public let agreementKept: Bool?
    /// A free note.
    public let note: String?

    /// A follow-up.
    public init(
        reached: Bool, rating: Rating? = nil, agreementKept: Bool? = nil, note: String? = nil
    ) {
        self.reached = reached
        self.rating = rating
        self.agreementKept = agreementKept
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reached, rating, agreementKept, note
    }
}

extension FollowUpConducted: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "FollowUpConducted"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a follow-up"
    var domainEvent: DomainEvent { .followUpConducted(self) }

    func validate() throws(Rejection) {
        if !reached, rating != nil || agreementKept != nil {
            throw .invalidPayload(
                "a follow-up that did not reach the parties cannot carry a rating or say whether the agreement is kept"
            )
        }
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
