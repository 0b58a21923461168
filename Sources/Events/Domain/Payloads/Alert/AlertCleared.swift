public import Foundation

/// The station finished with the alert.
public struct AlertCleared: Sendable, Codable, Equatable {
    /// How it was disposed of.
    public enum Disposition: String, ClosedValueSet {
        /// Dealt with on the spot.
        case handled
        /// Settled by mediation on the spot.
        case mediated
        /// A case was opened.
        case caseOpened = "case_opened"
        /// Not a real alert.
        case invalid
        /// Already reported by another alert.
        case duplicate
        /// Only advice was given, usually without sending a unit.
        case adviceOnly = "advice_only"

        /// The dispositions that may clear an alert no unit was sent to: advice on the
        /// telephone, a false alarm, or a second report of an incident another alert covers.
        public static let withoutUnit: Set<Disposition> = [.adviceOnly, .invalid, .duplicate]
    }

    /// How it was disposed of.
    public let disposition: Disposition
    /// The dispute logged from it.
    public let disputeId: UUID?
    /// The case opened from it.
    public let caseRef: String?
    /// People who died.
    public let deaths: Int?
    /// People who were injured.
    public let injuries: Int?

    /// A clearance.
    public init(
        disposition: Disposition, disputeId: UUID? = nil, caseRef: String? = nil,
        deaths: Int? = nil, injuries: Int? = nil
    ) {
        self.disposition = disposition
        self.disputeId = disputeId
        self.caseRef = caseRef
        self.deaths = deaths
        self.injuries = injuries
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case disposition, disputeId, caseRef, deaths, injuries
    }
}

extension AlertCleared: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertCleared"
    static let streamKind: StreamKind? = .alert
    static let noun = "a clearance"
    var domainEvent: DomainEvent { .alertCleared(self) }

    func validate() throws(Rejection) {
        try Validation.length(caseRef, atMost: Validation.labelLength, "caseRef")
        try Validation.within(deaths, Validation.casualtyRange, "deaths")
        try Validation.within(injuries, Validation.casualtyRange, "injuries")
    }
}
