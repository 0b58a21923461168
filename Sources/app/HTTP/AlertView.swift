import Events
import Foundation
import Hummingbird

/// `GET /alerts/{id}`: the alert's current state (corrections applied) and version.
struct AlertView: Encodable, Sendable {
    /// One unit sent to the alert.
    struct UnitView: Encodable {
        let unitId: String
        let dispatchedAt: Date
        let enRouteAt: Date?
        let arrivedAt: Date?
    }

    /// Lower-case, like every id the API shows.
    let alertId: String
    let streamId: String
    let streamVersion: Int
    let stationId: String
    let communityId: String?
    let channel: String
    let status: String
    let category: String
    let initialCategory: String
    let policeMatter: Bool
    let priority: Int?
    let receivedAt: Date
    let firstDispatchedAt: Date?
    let firstEnRouteAt: Date?
    let firstArrivedAt: Date?
    let clearedAt: Date?
    let reopenings: Int
    let units: [UnitView]
    let amendedTimes: Int
    let history: [HistoryEntry]?

    init(state: AlertState, version: Int, history: [HistoryEntry]?) {
        alertId = state.alertId.uuidString.lowercased()
        streamId = StreamKind.alertStreamId(state.alertId)
        streamVersion = version
        stationId = state.stationId
        communityId = state.communityId
        channel = state.channel.rawValue
        status = state.status.rawValue
        category = state.category.rawValue
        initialCategory = state.initialCategory.rawValue
        policeMatter = state.policeMatter
        priority = state.priority
        receivedAt = state.receivedAt
        firstDispatchedAt = state.firstDispatchedAt
        firstEnRouteAt = state.firstEnRouteAt
        firstArrivedAt = state.firstArrivedAt
        clearedAt = state.clearedAt
        reopenings = state.reopenings
        units = state.units.map {
            UnitView(unitId: $0.key, dispatchedAt: $0.value.dispatchedAt, enRouteAt: $0.value.enRouteAt, arrivedAt: $0.value.arrivedAt)
        }
            .sorted { ($0.dispatchedAt, $0.unitId) < ($1.dispatchedAt, $1.unitId) }
        amendedTimes = state.amendedTimes
        self.history = history
    }
}
