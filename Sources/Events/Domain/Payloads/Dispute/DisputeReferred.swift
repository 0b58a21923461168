/// The dispute was handed to another agency (分流).
public struct DisputeReferred: Sendable, Codable, Equatable {
    /// The receiving agency, e.g. `judicial_office`, `court`, `street_office`,
    /// `property_company`, `labour_bureau`; an open list.
    public let agency: String
    /// The mechanism the agency will use.
    public let mechanism: MediationMechanism
    /// A free note.
    public let note: String?

    /// A referral.
    public init(agency: String, mechanism: MediationMechanism, note: String? = nil) {
        self.agency = agency
        self.mechanism = mechanism
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case agency, mechanism, note
    }
}

extension DisputeReferred: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "DisputeReferred"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a referral"
    var domainEvent: DomainEvent { .disputeReferred(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(agency, "agency")
        try Validation.length(agency, atMost: Validation.labelLength, "agency")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
