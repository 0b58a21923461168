import Events
import Foundation
import Hummingbird

/// `GET /me`: who the token is and the stations it may see, with their communities.
///
/// The web pages ask once after sign-in, to choose which pages and buttons to show and
/// to offer stations and communities in filters and forms; the routes themselves still
/// check the role and station of every request. Stations are folded from their streams
/// in the log (a few events per station), so a station registered a moment ago is there.
struct MeController {
    let store: EventStore

    /// The answer.
    struct Me: ResponseEncodable {
        /// One station the token may access.
        struct Station: Encodable {
            let stationId: String
            let name: String
            let timeZone: String
            /// The target in force today.
            let responseTargetMinutes: Int
            let communities: [Community]
        }

        /// One community of a station.
        struct Community: Encodable {
            let communityId: String
            let name: String
            let areaClass: String
        }

        let role: String
        let name: String
        /// The stations the token is scoped to; empty means all for a supervisor or admin.
        let stationIds: [String]
        /// The registered stations the token may access, sorted by id.
        let stations: [Station]
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/me") { _, context in
            let identity = try context.requireIdentity()
            let recorded = try await store.readCategory(StreamKind.station.rawValue)
            let stations = try Dictionary(grouping: recorded, by: \.streamId).values
                .compactMap { StationLifecycle.state(of: try StreamHistory(recorded: $0)) }
                .filter { identity.mayAccess(station: $0.stationId) }
                .sorted { $0.stationId < $1.stationId }
            return Me(
                role: identity.role.rawValue,
                name: identity.name,
                stationIds: identity.stationIds.sorted(),
                stations: stations.map { station in
                    Me.Station(
                        stationId: station.stationId, name: station.name, timeZone: station.timeZone,
                        responseTargetMinutes: station.responseTargetMinutes(
                            on: LocalDate(Date(), in: TimeZone(identifier: station.timeZone) ?? .gmt)),
                        communities: station.communities.values.sorted { $0.communityId < $1.communityId }.map {
                            Me.Community(communityId: $0.communityId, name: $0.name, areaClass: $0.areaClass.rawValue)
                        })
                })
        }
    }
}
