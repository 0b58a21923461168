/// A dispute as a clerk's list shows it.
public struct DisputeListItem: Sendable, Equatable, Encodable {
    /// The list entry's `disputeId`.
    public let disputeId: String
    /// The list entry's `streamId`.
    public let streamId: String
    /// The list entry's `stationId`.
    public let stationId: String
    /// The list entry's `communityId`.
    public let communityId: String?
    /// The list entry's `category`.
    public let category: String
    /// The list entry's `discoveredVia`.
    public let discoveredVia: String
    /// The list entry's `key`.
    public let key: Bool
    /// The list entry's `status`.
    public let status: String
    /// RFC 3339.
    public let loggedAt: String
    /// The list entry's `firstResolvedAt`.
    public let firstResolvedAt: String?
    /// The list entry's `summary`.
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
