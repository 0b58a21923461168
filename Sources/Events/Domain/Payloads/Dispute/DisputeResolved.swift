/// The dispute was settled (化解).
public struct DisputeResolved: Sendable, Codable, Equatable {
    /// How it was settled.
    public enum Method: String, ClosedValueSet {
        /// By a mediated agreement.
        case mediation
        /// By the agency it was referred to.
        case referral
        /// The complaint was withdrawn.
        case withdrawn
        /// By a ruling.
        case adjudicated
        /// Otherwise.
        case other
    }

    /// Where it was settled, from the scene up to the district.
    public enum Level: String, ClosedValueSet {
        /// On the spot.
        case scene
        /// By the grid (网格).
        case grid
        /// In the community.
        case community
        /// At the station.
        case station
        /// At the township or street.
        case township
        /// At the district.
        case district
    }

    /// How it was settled.
    public let method: Method
    /// Where it was settled.
    public let resolutionLevel: Level
    /// The date by which an agreement must be carried out.
    public let agreementDeadline: LocalDate?
    /// A free note.
    public let note: String?

    /// A resolution.
    public init(
        method: Method, resolutionLevel: Level, agreementDeadline: LocalDate? = nil,
        note: String? = nil
    ) {
        self.method = method
        self.resolutionLevel = resolutionLevel
        self.agreementDeadline = agreementDeadline
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, resolutionLevel, agreementDeadline, note
    }
}

extension DisputeResolved: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "DisputeResolved"
    static let streamKind: StreamKind? = .dispute
    static let noun = "a resolution"
    var domainEvent: DomainEvent { .disputeResolved(self) }

    func validate() throws(Rejection) {
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
