public import Events
public import Foundation

/// One dispute as the read model stores it: what a clerk's list shows and what the funnel counts.
///
/// Derived from the stream's whole effective history, never patched by deltas, so a
/// retraction or amendment of an earlier entry is reflected by deriving the row again.
public struct DisputeCase: Sendable, Equatable {
    /// `dispute-<uuid>`.
    public var streamId: String
    /// The dispute's id.
    public var disputeId: UUID
    /// The station that owns it.
    public var stationId: String
    /// The community it arose in.
    public var communityId: String?
    /// What it is about (contract value, e.g. `neighbour`).
    public var category: String
    /// How the station learned of it.
    public var discoveredVia: String
    /// Whether it is a key dispute (重点).
    public var key: Bool
    /// Its current status (contract value, e.g. `resolved`).
    public var status: String
    /// When `DisputeLogged` occurred (amended if amended).
    public var loggedAt: Date
    /// When it was first resolved.
    public var firstResolvedAt: Date?
    /// The level of the latest resolution, while resolved.
    public var resolutionLevel: String?
    /// At least one mediation ended with `agreement` or `no_agreement`.
    public var mediated: Bool
    /// At least one mediation ended with `agreement`.
    public var agreement: Bool
    /// At least one `DisputeReferred`.
    public var referred: Bool
    /// At least one `DisputeReopened`.
    public var reopened: Bool
    /// Follow-ups that reached the parties.
    public var followUps: Int
    /// Follow-up ratings `satisfied`.
    public var satisfied: Int
    /// Follow-up ratings `basically_satisfied`.
    public var basicallySatisfied: Int
    /// Follow-up ratings `dissatisfied`.
    public var dissatisfied: Int
    /// When the latest effective entry occurred.
    public var lastEventAt: Date
    /// A short account, for the clerk's list.
    public var summary: String?

    /// The row for a dispute stream, or nil when its effective history has no `DisputeLogged`
    /// (it was retracted), in which case the dispute does not exist for the statistics.
    public static func derive(streamId: String, history: [EffectiveEvent]) -> DisputeCase? {
        guard let state = DisputeLifecycle.fold(history),
            let logged = history.lazy.compactMap(\.loggedPayload).first
        else { return nil }
        var row = DisputeCase(
            streamId: streamId, disputeId: state.disputeId, stationId: state.stationId,
            communityId: state.communityId, category: state.category.rawValue,
            discoveredVia: logged.discoveredVia.rawValue, key: state.key,
            status: state.status.rawValue, loggedAt: state.loggedAt,
            firstResolvedAt: state.firstResolvedAt,
            resolutionLevel: state.status == .resolved ? state.resolution?.resolutionLevel.rawValue : nil,
            mediated: false, agreement: false, referred: state.referrals > 0,
            reopened: state.reopenings > 0, followUps: 0, satisfied: 0, basicallySatisfied: 0,
            dissatisfied: 0, lastEventAt: history.last?.occurredAt ?? state.loggedAt,
            summary: logged.summary)
        for entry in history {
            switch entry.event {
            case .mediationHeld(let mediation):
                row.mediated = row.mediated || [.agreement, .noAgreement].contains(mediation.outcome)
                row.agreement = row.agreement || mediation.outcome == .agreement
            case .followUpConducted(let followUp) where followUp.reached:
                row.followUps += 1
                switch followUp.rating {
                case .satisfied: row.satisfied += 1
                case .basicallySatisfied: row.basicallySatisfied += 1
                case .dissatisfied: row.dissatisfied += 1
                case nil: break
                }
            default:
                break
            }
        }
        return row
    }

    /// Whole seconds from logging to the first resolution, while resolved.
    public var secondsToResolve: Int64? {
        guard status == DisputeStatus.resolved.rawValue, let firstResolvedAt else { return nil }
        return WholeSeconds.between(loggedAt, firstResolvedAt)
    }
}

extension EffectiveEvent {
    /// The payload when this is a `DisputeLogged`.
    fileprivate var loggedPayload: DisputeLogged? {
        if case .disputeLogged(let logged) = event { return logged }
        return nil
    }
}
