public import Events
public import Foundation

/// One alert as the read model stores it: its list entry and the facts the alert
/// statistics count, with intervals already in whole seconds.
///
/// Derived from the stream's whole effective history, so reclassifications, retractions
/// and amended times are always reflected as of the latest event.
public struct AlertCase: Sendable, Equatable {
    /// `alert-<uuid>`.
    public var streamId: String
    /// The alert's id.
    public var alertId: UUID
    /// The station that owns it.
    public var stationId: String
    /// The community it concerns.
    public var communityId: String?
    /// How it came in.
    public var channel: String
    /// An officer found the incident (channel `patrol`): left out of the response
    /// intervals unless a question includes officer-initiated alerts.
    public var officerInitiated: Bool
    /// The final category, after any reclassification.
    public var category: String
    /// The category it was received with.
    public var initialCategory: String
    /// Whether it is a police matter now.
    public var policeMatter: Bool
    /// Its priority now.
    public var priority: Int?
    /// Its current status (contract value, e.g. `on_scene`).
    public var status: String
    /// When `AlertReceived` occurred.
    public var receivedAt: Date
    /// When the first unit was dispatched.
    public var firstDispatchedAt: Date?
    /// When the first unit left for the scene.
    public var firstEnRouteAt: Date?
    /// When the first unit arrived.
    public var firstArrivedAt: Date?
    /// When it was last cleared, while it is cleared.
    public var clearedAt: Date?
    /// It was diverted to another agency.
    public var diverted: Bool
    /// It was cancelled.
    public var cancelled: Bool
    /// It is cleared, after a dispatch, without any arrival.
    public var missingArrival: Bool
    /// It was reopened at least once.
    public var reopened: Bool
    /// First dispatch − received, whole seconds.
    public var dispatchDelaySeconds: Int64?
    /// First en route − first dispatch, whole seconds.
    public var turnoutSeconds: Int64?
    /// First arrival − first en route, whole seconds.
    public var driveSeconds: Int64?
    /// First arrival − first dispatch, whole seconds.
    public var travelSeconds: Int64?
    /// First arrival − received, whole seconds (处警速度).
    public var responseSeconds: Int64?
    /// Last clearance − first arrival, whole seconds, while it is cleared.
    public var onSceneSeconds: Int64?
    /// Deaths reported on its last clearance, while it is cleared.
    public var deaths: Int
    /// Injuries reported on its last clearance, while it is cleared.
    public var injuries: Int
    /// Time amendments applied to its entries.
    public var amendedTimes: Int
    /// A short account, for the clerk's list.
    public var summary: String?

    /// The row for an alert stream, or nil when its effective history has no `AlertReceived`.
    public static func derive(streamId: String, history: [EffectiveEvent]) -> AlertCase? {
        guard let state = AlertLifecycle.fold(history) else { return nil }
        let summary = history.lazy.compactMap { entry -> AlertReceived? in
            if case .alertReceived(let received) = entry.event { return received }
            return nil
        }.first?.summary
        let interval = { (start: Date?, end: Date?) -> Int64? in
            guard let start, let end else { return nil }
            return WholeSeconds.between(start, end)
        }
        return AlertCase(
            streamId: streamId, alertId: state.alertId, stationId: state.stationId,
            communityId: state.communityId, channel: state.channel.rawValue,
            officerInitiated: state.channel == .patrol,
            category: state.category.rawValue, initialCategory: state.initialCategory.rawValue,
            policeMatter: state.policeMatter, priority: state.priority,
            status: state.status.rawValue, receivedAt: state.receivedAt,
            firstDispatchedAt: state.firstDispatchedAt, firstEnRouteAt: state.firstEnRouteAt,
            firstArrivedAt: state.firstArrivedAt, clearedAt: state.clearedAt, diverted: state.diversion != nil,
            cancelled: state.status == .cancelled,
            missingArrival: state.status == .cleared && state.firstDispatchedAt != nil && state.firstArrivedAt == nil,
            reopened: state.reopenings > 0,
            dispatchDelaySeconds: interval(state.receivedAt, state.firstDispatchedAt),
            turnoutSeconds: interval(state.firstDispatchedAt, state.firstEnRouteAt),
            driveSeconds: interval(state.firstEnRouteAt, state.firstArrivedAt),
            travelSeconds: interval(state.firstDispatchedAt, state.firstArrivedAt),
            responseSeconds: interval(state.receivedAt, state.firstArrivedAt),
            onSceneSeconds: interval(state.firstArrivedAt, state.clearedAt),
            deaths: state.clearance?.deaths ?? 0, injuries: state.clearance?.injuries ?? 0,
            amendedTimes: state.amendedTimes, summary: summary)
    }
}
