/// The registered stations and their communities, which disputes and alerts must name.
///
/// The caller builds it from the station streams (see `init(stations:)`); the rules never
/// read the database.
public struct ReferenceData: Sendable, Equatable {
    /// Station id → the ids of its communities.
    public var communitiesByStation: [String: Set<String>]

    /// Reference data from a plain map.
    public init(communitiesByStation: [String: Set<String>] = [:]) {
        self.communitiesByStation = communitiesByStation
    }

    /// Reference data from folded station streams.
    public init(stations: [StationState]) {
        var map: [String: Set<String>] = [:]
        for station in stations {
            map[station.stationId] = Set(station.communities.keys)
        }
        self.init(communitiesByStation: map)
    }

    /// Whether the station is registered.
    public func hasStation(_ stationId: String) -> Bool {
        communitiesByStation[stationId] != nil
    }

    /// The station a community belongs to, if it is registered.
    public func station(ofCommunity communityId: String) -> String? {
        communitiesByStation.first { $0.value.contains(communityId) }?.key
    }

    /// Rejects an unregistered station.
    func requireStation(_ stationId: String) throws(Rejection) {
        guard hasStation(stationId) else {
            throw .unknownReference("station \(stationId) is not registered")
        }
    }

    /// Rejects a community that is not registered for `stationId`.
    func requireCommunity(_ communityId: String?, in stationId: String) throws(Rejection) {
        guard let communityId else { return }
        switch station(ofCommunity: communityId) {
        case stationId:
            return
        case nil:
            throw .unknownReference("community \(communityId) is not registered")
        case let other?:
            throw .unknownReference(
                "community \(communityId) belongs to station \(other), not to station \(stationId)")
        }
    }
}
