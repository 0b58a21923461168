/// The rules of a station's stream (`station-<id>`): its registration, communities and
/// response targets.
///
/// Interpreted: the first entry must be `StationRegistered`, and a second one is refused;
/// every entry must name the stream's station; a community id is unique across all
/// stations; target changes may take effect on any date, earlier ones included.
public enum StationLifecycle: Lifecycle {
    /// The state of one station.
    public typealias State = StationState

    /// Stations.
    public static let streamKind = StreamKind.station

    /// The station after one more effective event.
    public static func evolve(_ state: StationState?, _ entry: EffectiveEvent) -> StationState? {
        if case .stationRegistered(let registered) = entry.event {
            return StationState(registered: registered)
        }
        guard var state else { return nil }
        switch entry.event {
        case .communityRegistered(let community):
            state.communities[community.communityId] = community
        case .stationTargetChanged(let change):
            state.targetChanges.append(change)
        default:
            break
        }
        return state
    }

    /// Rejects an entry the station's stream does not allow now.
    public static func check(
        _ event: DomainEvent, after state: StationState?, reference: ReferenceData
    ) throws(Rejection) {
        let noun = event.payloadType.noun
        if case .stationRegistered(let registered) = event {
            if state != nil {
                throw Rejection(
                    .alreadyExists,
                    "cannot record \(noun): station \(registered.stationId) is already registered",
                    currentState: name(of: state))
            }
            return
        }
        guard let state else { throw illegal(noun, after: nil) }
        if let named = event.stationId, named != state.stationId {
            throw Rejection(
                .wrongStream,
                "cannot record \(noun) for station \(named) on the record of station \(state.stationId)")
        }
        if case .communityRegistered(let community) = event {
            let owner =
                state.communities[community.communityId] != nil
                ? state.stationId : reference.station(ofCommunity: community.communityId)
            if let owner {
                throw Rejection(
                    .alreadyExists,
                    "cannot record \(noun): community \(community.communityId) is already registered for station \(owner)",
                    currentState: name(of: state))
            }
        }
    }

    /// "station s1 is registered", "station is not registered".
    public static func sentence(for state: StationState?) -> String {
        state.map { "station \($0.stationId) is registered" } ?? "station is not registered"
    }

    /// What a clerk may record next.
    public static func whatMayFollow(_ state: StationState?) -> String {
        state == nil ? "it must be registered first" : "communities and target changes may follow"
    }

    /// `registered`, once it is.
    public static func name(of state: StationState?) -> String? {
        state == nil ? nil : "registered"
    }
}
