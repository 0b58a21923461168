import Events
import Foundation
import Hummingbird

/// `GET /disputes/{id}`: the dispute's current state (corrections applied) and version.
struct DisputeView: Encodable, Sendable {
    /// Lower-case, like every id the API shows.
    let disputeId: String
    let streamId: String
    let streamVersion: Int
    let stationId: String
    let communityId: String?
    let category: String
    let key: Bool
    let status: String
    let loggedAt: Date
    let mediations: Int
    let agreements: Int
    let referrals: Int
    let reopenings: Int
    let followUps: Int
    let firstResolvedAt: Date?
    let resolutionMethod: String?
    let resolutionLevel: String?
    let history: [HistoryEntry]?

    init(state: DisputeState, version: Int, history: [HistoryEntry]?) {
        disputeId = state.disputeId.uuidString.lowercased()
        streamId = StreamKind.disputeStreamId(state.disputeId)
        streamVersion = version
        stationId = state.stationId
        communityId = state.communityId
        category = state.category.rawValue
        key = state.key
        status = state.status.rawValue
        loggedAt = state.loggedAt
        mediations = state.mediations
        agreements = state.agreements
        referrals = state.referrals
        reopenings = state.reopenings
        followUps = state.followUps
        firstResolvedAt = state.firstResolvedAt
        resolutionMethod = state.resolution?.method.rawValue
        resolutionLevel = state.resolution?.resolutionLevel.rawValue
        self.history = history
    }
}
