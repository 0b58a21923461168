/// A dispute as a clerk's list shows it.
public struct DisputeListItem: Sendable, Equatable, Encodable {
    public let disputeId: String
    public let streamId: String
    public let stationId: String
    public let communityId: String?
    public let category: String
    public let discoveredVia: String
    public let key: Bool
    public let status: String
    /// RFC 3339.
    public let loggedAt: String
    public let firstResolvedAt: String?
    public let summary: String?

    enum CodingKeys: String, CodingKey {
        case disputeId, streamId, stationId, communityId, category, discoveredVia, key, status, loggedAt, firstResolvedAt, summary
    }

    /// Writes absent optionals as `null`, as the list's schema shows them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(disputeId, forKey: .disputeId)
        try container.encode(streamId, forKey: .streamId)
        try container.encode(stationId, forKey: .stationId)
        try container.encode(communityId, forKey: .communityId)
        try container.encode(category, forKey: .category)
        try container.encode(discoveredVia, forKey: .discoveredVia)
        try container.encode(key, forKey: .key)
        try container.encode(status, forKey: .status)
        try container.encode(loggedAt, forKey: .loggedAt)
        try container.encode(firstResolvedAt, forKey: .firstResolvedAt)
        try container.encode(summary, forKey: .summary)
    }
}
