/// An alert as a clerk's list shows it.
public struct AlertListItem: Sendable, Equatable, Encodable {
    public let alertId: String
    public let streamId: String
    public let stationId: String
    public let communityId: String?
    public let channel: String
    public let category: String
    public let initialCategory: String
    public let policeMatter: Bool
    public let priority: Int?
    public let status: String
    /// RFC 3339.
    public let receivedAt: String
    public let responseSeconds: Int64?
    public let summary: String?

    enum CodingKeys: String, CodingKey {
        case alertId, streamId, stationId, communityId, channel, category, initialCategory, policeMatter, priority
        case status, receivedAt, responseSeconds, summary
    }

    /// Writes absent optionals as `null`, as the list's schema shows them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alertId, forKey: .alertId)
        try container.encode(streamId, forKey: .streamId)
        try container.encode(stationId, forKey: .stationId)
        try container.encode(communityId, forKey: .communityId)
        try container.encode(channel, forKey: .channel)
        try container.encode(category, forKey: .category)
        try container.encode(initialCategory, forKey: .initialCategory)
        try container.encode(policeMatter, forKey: .policeMatter)
        try container.encode(priority, forKey: .priority)
        try container.encode(status, forKey: .status)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(responseSeconds, forKey: .responseSeconds)
        try container.encode(summary, forKey: .summary)
    }
}
