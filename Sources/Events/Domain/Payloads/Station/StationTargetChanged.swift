/// A station's response target changed from a given local date on.
public struct StationTargetChanged: Sendable, Codable, Equatable {
    /// The station whose target changed.
    public let stationId: String
    /// The new target in minutes.
    public let responseTargetMinutes: Int
    /// The first local date on which the new target applies.
    public let effectiveFrom: LocalDate

    /// A target change.
    public init(stationId: String, responseTargetMinutes: Int, effectiveFrom: LocalDate) {
        self.stationId = stationId
        self.responseTargetMinutes = responseTargetMinutes
        self.effectiveFrom = effectiveFrom
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stationId, responseTargetMinutes, effectiveFrom
    }
}

extension StationTargetChanged: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "StationTargetChanged"
    static let streamKind: StreamKind? = .station
    static let fixedFields: Set<String> = ["stationId"]
    static let noun = "a target change"
    var domainEvent: DomainEvent { .stationTargetChanged(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(stationId, "stationId")
        try Validation.responseTarget(responseTargetMinutes)
    }
}
