/// The alert was called off before anything was done on scene.
public struct AlertCancelled: Sendable, Codable, Equatable {
    /// Why it was called off.
    public let reason: String

    /// A cancellation.
    public init(reason: String) {
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason
    }
}

extension AlertCancelled: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertCancelled"
    static let streamKind: StreamKind? = .alert
    static let noun = "a cancellation"
    var domainEvent: DomainEvent { .alertCancelled(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(reason, "reason")
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
    }
}
