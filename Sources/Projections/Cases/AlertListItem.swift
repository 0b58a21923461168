/// An alert as a clerk's list shows it.
public struct AlertListItem: Sendable, Equatable, Encodable {
    /// The list entry's `alertId`.
    public let alertId: String
    /// The list entry's `streamId`.
    public let streamId: String
    /// The list entry's `stationId`.
    public let stationId: String
    /// The list entry's `communityId`.
    public let communityId: String?
    /// The list entry's `channel`.
    public let channel: String
    /// The list entry's `category`.
    public let category: String
    /// The list entry's `initialCategory`.
    public let initialCategory: String
    /// The list entry's `policeMatter`.
    public let policeMatter: Bool
    /// The list entry's `priority`.
    public let priority: Int?
    /// The list entry's `status`.
    public let status: String
    /// RFC 3339.
    public let receivedAt: String
    /// The list entry's `responseSeconds`.
    public let responseSeconds: Int64?
    /// The list entry's `summary`.
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
