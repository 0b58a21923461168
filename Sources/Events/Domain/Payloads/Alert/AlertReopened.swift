/// Work resumed on a cleared alert (the caller rang again, the unit went back); a change
/// in the world, not a correction.
public struct AlertReopened: Sendable, Codable, Equatable {
    /// Why work resumed.
    public let reason: String
    /// A free note.
    public let note: String?

    /// A reopening.
    public init(reason: String, note: String? = nil) {
        self.reason = reason
        self.note = note
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason, note
    }
}

extension AlertReopened: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertReopened"
    static let streamKind: StreamKind? = .alert
    static let noun = "a reopening"
    var domainEvent: DomainEvent { .alertReopened(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(reason, "reason")
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
        try Validation.length(note, atMost: Validation.proseLength, "note")
    }
}
