/// The alert's category was judged anew; the first category stays as `initialCategory`.
public struct AlertReclassified: Sendable, Codable, Equatable {
    /// The new category.
    public let category: AlertCategory
    /// Whether it is a police matter; when absent it follows the new category.
    public let policeMatter: Bool?
    /// A new priority, 1–3; when absent the priority stays.
    public let priority: Int?
    /// Why it was reclassified.
    public let reason: String?

    /// A reclassification.
    public init(
        category: AlertCategory, policeMatter: Bool? = nil, priority: Int? = nil,
        reason: String? = nil
    ) {
        self.category = category
        self.policeMatter = policeMatter
        self.priority = priority
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case category, policeMatter, priority, reason
    }
}

extension AlertReclassified: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertReclassified"
    static let streamKind: StreamKind? = .alert
    static let noun = "a reclassification"
    var domainEvent: DomainEvent { .alertReclassified(self) }

    func validate() throws(Rejection) {
        try Validation.priority(priority)
        try Validation.length(reason, atMost: Validation.proseLength, "reason")
    }
}
