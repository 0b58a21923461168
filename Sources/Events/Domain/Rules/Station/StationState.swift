/// A station's reference data as folded from its stream.
public struct StationState: Sendable, Equatable {
    /// The station's id.
    public var stationId: String
    /// Its name.
    public var name: String
    /// The IANA zone for its local dates.
    public var timeZone: String
    /// The response target it was registered with.
    public var registeredTargetMinutes: Int
    /// Target changes in the order recorded.
    public var targetChanges: [StationTargetChanged] = []
    /// Its communities by id.
    public var communities: [String: CommunityRegistered] = [:]

    /// The state right after `registered`.
    public init(registered: StationRegistered) {
        self.stationId = registered.stationId
        self.name = registered.name
        self.timeZone = registered.timeZone
        self.registeredTargetMinutes = registered.responseTargetMinutes
    }

    /// The response target in force on `date`: the change with the latest `effectiveFrom`
    /// not after it (the later recorded of two on the same date), else the registered one.
    public func responseTargetMinutes(on date: LocalDate) -> Int {
        targetChanges.enumerated()
            .filter { $0.element.effectiveFrom <= date }
            .max { ($0.element.effectiveFrom, $0.offset) < ($1.element.effectiveFrom, $1.offset) }?
            .element.responseTargetMinutes ?? registeredTargetMinutes
    }
}
