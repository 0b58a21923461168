/// A community (社区) was added to a station's area; disputes and alerts may then name it.
public struct CommunityRegistered: Sendable, Codable, Equatable {
    /// How built-up a community is.
    public enum AreaClass: String, ClosedValueSet {
        /// City streets.
        case urban
        /// The edge of a city.
        case suburban
        /// Villages and fields.
        case rural
    }

    /// The station whose area the community is in.
    public let stationId: String
    /// The community's id, unique across all stations.
    public let communityId: String
    /// The community's name.
    public let name: String
    /// How built-up the community is.
    public let areaClass: AreaClass

    /// A community registration.
    public init(stationId: String, communityId: String, name: String, areaClass: AreaClass) {
        self.stationId = stationId
        self.communityId = communityId
        self.name = name
        self.areaClass = areaClass
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stationId, communityId, name, areaClass
    }
}

extension CommunityRegistered: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "CommunityRegistered"
    static let streamKind: StreamKind? = .station
    static let fixedFields: Set<String> = ["stationId", "communityId"]
    static let noun = "a community registration"
    var domainEvent: DomainEvent { .communityRegistered(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(stationId, "stationId")
        try Validation.identifier(communityId, "communityId")
        try Validation.nonEmpty(name, "name")
        try Validation.length(name, atMost: Validation.labelLength, "name")
    }
}
