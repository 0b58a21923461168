public import Foundation

/// A dispute (矛盾纠纷) came to the station's notice; it starts the dispute's stream.
public struct DisputeLogged: Sendable, Codable, Equatable {
    /// What the dispute is about.
    public enum Category: String, ClosedValueSet {
        /// Between neighbours.
        case neighbour
        /// Within a family.
        case family
        /// With a property management company (物业).
        case propertyManagement = "property_management"
        /// Over work or wages.
        case labour
        /// Between businesses or with a shop.
        case commercial
        /// After a traffic incident.
        case traffic
        /// Over land or its use.
        case land
        /// Anything else.
        case other
    }

    /// How the station learned of the dispute.
    public enum DiscoveredVia: String, ClosedValueSet {
        /// Someone came to the station.
        case walkIn = "walk_in"
        /// An alert (警情) led to it.
        case alert
        /// The station's own screening (排查).
        case screening
        /// A grid worker (网格员) reported it.
        case gridWorker = "grid_worker"
        /// Another body passed it on.
        case referralIn = "referral_in"
    }

    /// One party to the dispute.
    ///
    /// As stored, `name` and `phone` are sealed under the party's own key (`sealed:v1:…`,
    /// see `PartySeal`); reads for people open them (`EventStore.revealingParties`).
    public struct Party: Sendable, Codable, Equatable {
        /// The party's name.
        public let name: String
        /// A phone number, when given.
        public let phone: String?

        /// A party.
        public init(name: String, phone: String? = nil) {
            self.name = name
            self.phone = phone
        }
    }

    /// The dispute's id, as in `dispute-<uuid>`.
    public let disputeId: UUID
    /// The station that owns the dispute.
    public let stationId: String
    /// What the dispute is about.
    public let category: Category
    /// How the station learned of it.
    public let discoveredVia: DiscoveredVia
    /// The community it arose in, one of the station's.
    public let communityId: String?
    /// A short account.
    public let summary: String?
    /// The people involved.
    public let parties: [Party]?
    /// A key dispute (重点), watched more closely; absent means false.
    public let key: Bool?
    /// The alert that brought it to light, when there was one.
    public let sourceAlertId: UUID?

    /// A new dispute.
    public init(
        disputeId: UUID, stationId: String, category: Category, discoveredVia: DiscoveredVia,
        communityId: String? = nil, summary: String? = nil, parties: [Party]? = nil,
        key: Bool? = nil, sourceAlertId: UUID? = nil
    ) {
        self.disputeId = disputeId
        self.stationId = stationId
        self.category = category
        self.discoveredVia = discoveredVia
        self.communityId = communityId
        self.summary = summary
        self.parties = parties
        self.key = key
        self.sourceAlertId = sourceAlertId
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case disputeId, stationId, category, discoveredVia, communityId, summary, parties, key
        case sourceAlertId
    }
}

extension DisputeLogged: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "DisputeLogged"
    static let streamKind: StreamKind? = .dispute
    static let fixedFields: Set<String> = ["disputeId", "stationId"]
    static let noun = "a new dispute"
    var domainEvent: DomainEvent { .disputeLogged(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(stationId, "stationId")
        try Validation.length(communityId, atMost: Validation.identifierLength, "communityId")
        try Validation.length(summary, atMost: Validation.proseLength, "summary")
        for (index, party) in (parties ?? []).enumerated() {
            try Validation.partyText(party.name, "parties[\(index)].name", required: true)
            try Validation.partyText(party.phone, "parties[\(index)].phone", required: false)
        }
    }
}
