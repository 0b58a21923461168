/// A dispatched unit left for the scene (en route); it changes no state but splits the
/// travel time into turnout and drive.
public struct UnitEnRoute: Sendable, Codable, Equatable {
    /// The unit's call sign, as dispatched.
    public let unitId: String
    /// A free note.
    public let note: String?

    /// A unit on its way.
    public init(unitId: String, note: String? = nil) {
        self.unitId = unitId
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unitId, note
    }
}

extension UnitEnRoute: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "UnitEnRoute"
    static let streamKind: StreamKind? = .alert
    static let noun = "an en-route entry"
    var domainEvent: DomainEvent { .unitEnRoute(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(unitId, "unitId")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
