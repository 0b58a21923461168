/// The keys of some of a dispute's parties were destroyed, so their names and phone
/// numbers can no longer be read anywhere (crypto-shredding); the erasure's own record.
///
/// Recorded only by `app erase-party` and `POST /admin/disputes/{id}/party-erasure`, in the
/// transaction that destroys the keys. Legal in any state of a logged dispute and changes
/// none of it: no figure counts it. It cannot be retracted or amended (the keys are gone).
public struct PartyDataErased: Sendable, Codable, Equatable {
    /// The places in the dispute's `parties` (from 0) whose data was erased, ascending;
    /// an amendment's parties at the same places are erased with them.
    public let partyIndexes: [Int]
    /// Why, e.g. the person's request.
    public let reason: String

    /// An erasure.
    public init(partyIndexes: [Int], reason: String) {
        self.partyIndexes = partyIndexes
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case partyIndexes, reason
    }
}

extension PartyDataErased: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "PartyDataErased"
    static let streamKind: StreamKind? = .dispute
    static let noun = "an erasure of party data"
    var domainEvent: DomainEvent { .partyDataErased(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(reason, "reason")
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
        if reason.unicodeScalars.contains("\u{0}") {
            throw .invalidPayload("reason contains the NUL character, which text may not hold", field: "reason")
        }
        if partyIndexes.isEmpty {
            throw .invalidPayload("an erasure must name at least one party", field: "partyIndexes")
        }
        if partyIndexes.contains(where: { $0 < 0 || $0 > Self.largestIndex }) {
            throw .outOfRange(
                "partyIndexes must be places in the dispute's parties, 0 to \(Self.largestIndex)", field: "partyIndexes")
        }
    }

    /// The largest place accepted: what a PostgreSQL `integer` holds.
    static let largestIndex = Int(Int32.max)
}
