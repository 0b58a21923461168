/// A mediation session took place.
public struct MediationHeld: Sendable, Codable, Equatable {
    /// How the session ended.
    public enum Outcome: String, ClosedValueSet {
        /// The parties agreed; a `DisputeResolved` with method `mediation` is expected next.
        case agreement
        /// The parties did not agree.
        case noAgreement = "no_agreement"
        /// The session was adjourned to another day.
        case adjourned
    }

    /// Who mediated.
    public let mechanism: MediationMechanism
    /// How the session ended.
    public let outcome: Outcome
    /// Where it was held.
    public let venue: String?
    /// Who led it.
    public let mediator: String?
    /// A free note.
    public let note: String?

    /// A mediation session.
    public init(
        mechanism: MediationMechanism, outcome: Outcome, venue: String? = nil,
        mediator: String? = nil, note: String? = nil
    ) {
        self.mechanism = mechanism
        self.outcome = outcome
        self.venue = venue
        self.mediator = mediator
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mechanism, outcome, venue, mediator, note
    }
}

extension MediationHeld: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "MediationHeld"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a mediation"
    var domainEvent: DomainEvent { .mediationHeld(self) }

    func validate() throws(Rejection) {
        try Validation.length(venue, atMost: Validation.labelLength, "venue")
        try Validation.length(mediator, atMost: Validation.labelLength, "mediator")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
