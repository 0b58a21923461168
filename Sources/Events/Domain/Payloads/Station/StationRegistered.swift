/// A police station joined the ledger; it starts the station's stream.
public struct StationRegistered: Sendable, Codable, Equatable {
    /// The zone used when a registration names none.
    public static let defaultTimeZone = "Asia/Shanghai"
    /// The response target used when a registration names none.
    public static let defaultResponseTargetMinutes = 10

    /// The station's id, as in `station-<id>`.
    public let stationId: String
    /// The station's name.
    public let name: String
    /// The IANA zone whose calendar decides the station's local dates.
    public let timeZone: String
    /// Minutes within which a unit should arrive after an alert is received.
    public let responseTargetMinutes: Int

    /// A registration; zone and target default as the contract says.
    public init(
        stationId: String, name: String, timeZone: String = StationRegistered.defaultTimeZone,
        responseTargetMinutes: Int = StationRegistered.defaultResponseTargetMinutes
    ) {
        self.stationId = stationId
        self.name = name
        self.timeZone = timeZone
        self.responseTargetMinutes = responseTargetMinutes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stationId, name, timeZone, responseTargetMinutes
    }
}

extension StationRegistered: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "StationRegistered"
    static let streamKind: StreamKind? = .station
    static let fixedFields: Set<String> = ["stationId"]
    static let noun = "a station registration"
    var domainEvent: DomainEvent { .stationRegistered(self) }

    func validate() throws(Rejection) {
        try Validation.identifier(stationId, "stationId")
        try Validation.nonEmpty(name, "name")
        try Validation.length(name, atMost: Validation.labelLength, "name")
        try Validation.timeZone(timeZone)
        try Validation.responseTarget(responseTargetMinutes)
    }

    static func withSubmissionDefaults(_ object: [String: JSONValue]) -> [String: JSONValue] {
        var object = object
        if object["timeZone"] == nil {
            object["timeZone"] = .string(defaultTimeZone)
        }
        if object["responseTargetMinutes"] == nil {
            object["responseTargetMinutes"] = .integer(defaultResponseTargetMinutes)
        }
        return object
    }
}
