public import Events

/// A station's reference data as the read model stores it: zone, targets, communities.
///
/// Statistics join it at query time, so an amended time zone or a target change that
/// takes effect on an earlier date changes the answers without touching alert rows.
public struct StationRecord: Sendable, Equatable {
    /// One response target change, in the order recorded.
    public struct Target: Sendable, Equatable {
        /// Order of recording within the station; the later wins on the same date.
        public var sequence: Int
        /// The first local date it applies to.
        public var effectiveFrom: LocalDate
        /// The target in minutes.
        public var minutes: Int
    }

    /// The station's id.
    public var stationId: String
    /// Its name.
    public var name: String
    /// The IANA zone of its local dates.
    public var timeZone: String
    /// The target it was registered with.
    public var registeredTargetMinutes: Int
    /// Target changes.
    public var targets: [Target]
    /// Its communities, sorted by id.
    public var communities: [CommunityRegistered]

    /// The record of a station stream, or nil when its registration was retracted.
    public static func derive(history: [EffectiveEvent]) -> StationRecord? {
        guard let state = StationLifecycle.fold(history) else { return nil }
        return StationRecord(
            stationId: state.stationId, name: state.name, timeZone: state.timeZone,
            registeredTargetMinutes: state.registeredTargetMinutes,
            targets: state.targetChanges.enumerated().map {
                Target(sequence: $0.offset + 1, effectiveFrom: $0.element.effectiveFrom, minutes: $0.element.responseTargetMinutes)
            },
            communities: state.communities.values.sorted { $0.communityId < $1.communityId })
    }
}
