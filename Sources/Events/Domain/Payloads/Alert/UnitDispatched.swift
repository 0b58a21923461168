/// A unit (car, foot patrol, officer) was sent to the alert.
public struct UnitDispatched: Sendable, Codable, Equatable {
    /// The unit's call sign.
    public let unitId: String
    /// A free note.
    public let note: String?

    /// A dispatch.
    public init(unitId: String, note: String? = nil) {
        self.unitId = unitId
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unitId, note
    }
}

extension UnitDispatched: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "UnitDispatched"
    static let streamKind: StreamKind? = .alert
    static let noun = "a dispatch"
    var domainEvent: DomainEvent { .unitDispatched(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(unitId, "unitId")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
