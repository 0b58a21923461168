public import Foundation

/// An alert reached the station; it starts the alert's stream.
///
/// Schema version 2: version 1 had no `policeMatter`; `AlertReceivedUpcaster` fills it in
/// from the category when a version 1 row is read.
public struct AlertReceived: Sendable, Codable, Equatable {
    /// How the alert came in.
    public enum Channel: String, ClosedValueSet {
        /// The 110 emergency line.
        case phone110 = "phone_110"
        /// The 12345 citizens' hotline.
        case hotline12345 = "hotline_12345"
        /// Someone came to the station.
        case walkIn = "walk_in"
        /// A patrol came upon it.
        case patrol
        /// Through an app.
        case app
    }

    /// The alert's id, as in `alert-<uuid>`.
    public let alertId: UUID
    /// The station that owns the alert.
    public let stationId: String
    /// How it came in.
    public let channel: Channel
    /// What it is about, as first judged.
    public let category: AlertCategory
    /// The community it concerns, one of the station's.
    public let communityId: String?
    /// 1 (most urgent) to 3.
    public let priority: Int?
    /// A short account.
    public let summary: String?
    /// Whether it is a police matter; always stored, defaulting from the category.
    public let policeMatter: Bool

    /// A received alert; `policeMatter` defaults to true unless the category is `non_police`.
    public init(
        alertId: UUID, stationId: String, channel: Channel, category: AlertCategory,
        communityId: String? = nil, priority: Int? = nil, summary: String? = nil,
        policeMatter: Bool? = nil
    ) {
        self.alertId = alertId
        self.stationId = stationId
        self.channel = channel
        self.category = category
        self.communityId = communityId
        self.priority = priority
        self.summary = summary
        self.policeMatter = policeMatter ?? category.isPoliceMatterByDefault
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case alertId, stationId, channel, category, communityId, priority, summary, policeMatter
    }
}

extension AlertReceived: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertReceived"
    static let schemaVersion = 2
    static let streamKind: StreamKind? = .alert
    static let fixedFields: Set<String> = ["alertId", "stationId"]
    static let noun = "a new alert"
    var domainEvent: DomainEvent { .alertReceived(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(stationId, "stationId")
        try Validation.length(communityId, atMost: Validation.identifierLength, "communityId")
        try Validation.priority(priority)
        try Validation.length(summary, atMost: Validation.proseLength, "summary")
    }

    static func withSubmissionDefaults(_ object: [String: JSONValue]) -> [String: JSONValue] {
        AlertReceivedUpcaster.fillingPoliceMatter(object)
    }
}
