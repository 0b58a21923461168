/// A dispatched unit reached the scene.
public struct UnitArrived: Sendable, Codable, Equatable {
    /// The unit's call sign, as dispatched.
    public let unitId: String
    /// A free note.
    public let note: String?

    /// An arrival.
    public init(unitId: String, note: String? = nil) {
        self.unitId = unitId
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unitId, note
    }
}

extension UnitArrived: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "UnitArrived"
    static let streamKind: StreamKind? = .alert
    static let noun = "an arrival"
    var domainEvent: DomainEvent { .unitArrived(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(unitId, "unitId")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
