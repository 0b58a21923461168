/// The rules of an alert's stream (`alert-<uuid>`).
///
/// Transitions, as events.md lists them: received → dispatched, diverted, cleared
/// (disposition `advice_only`, `invalid` or `duplicate` only), cancelled; dispatched →
/// on_scene (first arrival), dispatched (more units), cancelled, cleared (no unit
/// arrived), diverted (handed on after a unit was sent); on_scene → cleared, diverted,
/// on_scene (more units); cleared → the status it was cleared from, through
/// `AlertReopened`. `AlertReclassified` in any state but cancelled. A unit must be
/// dispatched before it is en route or arrives; `UnitEnRoute` changes no state.
///
/// Interpreted:
/// - "more units" on scene means both dispatching and arriving further units.
/// - Clearing while units are dispatched but none has arrived takes any disposition;
///   metrics.md counts such alerts as `missingArrival`.
/// - `beforeDispatch` on a diversion must match the record: true when received, false
///   once a unit was dispatched (on its way or on scene).
/// - A unit is dispatched at most once per alert, is en route at most once (before it
///   arrives) and arrives at most once; a reopened alert sends new units (a unit sent back
///   is recorded under a call sign of its own for the second trip).
/// - The first en-route entry may not come after the first arrival (received ≤ first
///   dispatch ≤ first en route ≤ first arrival): a unit's en route recorded after another
///   unit arrived, when no unit was recorded en route before, is refused. Once the alert
///   was reopened its later entries need only run forwards from the clearance, so a unit
///   sent back may be recorded en route; the alert's first en route stays the one before
///   its first arrival (turnout and drive describe the first response).
/// - A reopening clears the clearance: `clearedAt`, the clearance's deaths and injuries
///   and `missingArrival` follow the last clearance of an alert cleared now.
/// - A reclassification without `policeMatter` sets it from the new category; without
///   `priority` it keeps the priority.
/// - diverted accepts only reclassifications, cleared reclassifications and reopenings;
///   cancelled accepts nothing.
public enum AlertLifecycle: Lifecycle {
    /// The state of one alert.
    public typealias State = AlertState

    /// Alerts.
    public static let streamKind = StreamKind.alert

    /// The alert after one more effective event.
    public static func evolve(_ state: AlertState?, _ entry: EffectiveEvent) -> AlertState? {
        let at = entry.occurredAt
        var next: AlertState
        if case .alertReceived(let received) = entry.event {
            next = AlertState(received: received, at: at)
        } else if let state {
            next = state
        } else {
            return nil
        }
        next.amendedTimes += entry.timeAmendments
        switch entry.event {
        case .alertReclassified(let change):
            next.category = change.category
            next.policeMatter = change.policeMatter ?? change.category.isPoliceMatterByDefault
            next.priority = change.priority ?? next.priority
        case .unitDispatched(let dispatch):
            next.units[dispatch.unitId] = AlertState.Unit(dispatchedAt: at)
            next.firstDispatchedAt = next.firstDispatchedAt ?? at
            if next.status == .received {
                next.status = .dispatched
            }
        case .unitEnRoute(let enRoute):
            next.units[enRoute.unitId]?.enRouteAt = at
            if next.firstArrivedAt == nil {
                next.firstEnRouteAt = next.firstEnRouteAt ?? at
            }
        case .unitArrived(let arrival):
            next.units[arrival.unitId]?.arrivedAt = at
            next.firstArrivedAt = next.firstArrivedAt ?? at
            next.status = .onScene
        case .alertDiverted(let diversion):
            next.status = .diverted
            next.diversion = diversion
        case .alertCleared(let clearance):
            next.clearedFrom = next.status
            next.status = .cleared
            next.clearance = clearance
            next.clearedAt = at
        case .alertReopened:
            next.status = next.clearedFrom ?? next.status
            next.clearedFrom = nil
            next.clearance = nil
            next.clearedAt = nil
            next.reopenings += 1
        case .alertCancelled:
            next.status = .cancelled
        default:
            break
        }
        return next
    }

    /// Rejects an entry the alert's lifecycle does not allow now.
    public static func check(
        _ event: DomainEvent, after state: AlertState?, reference: ReferenceData
    ) throws(Rejection) {
        if case .alertReceived(let received) = event {
            if let state {
                throw Rejection(
                    .alreadyExists,
                    "cannot record a new alert: this alert was already received and \(sentence(for: state))",
                    currentState: name(of: state))
            }
            try reference.requireStation(received.stationId)
            try reference.requireCommunity(received.communityId, in: received.stationId)
            return
        }
        guard let state else { throw illegal(event.payloadType.noun, after: nil) }
        let noun = event.payloadType.noun
        switch event {
        case .alertReclassified:
            try require(state.status != .cancelled, noun, state)
        case .unitDispatched(let dispatch):
            try require([.received, .dispatched, .onScene].contains(state.status), noun, state)
            if state.units[dispatch.unitId] != nil {
                throw unitRejection("unit \(dispatch.unitId) was already dispatched to this alert", noun, state)
            }
        case .unitEnRoute(let enRoute):
            try require([.dispatched, .onScene].contains(state.status), noun, state)
            guard let unit = state.units[enRoute.unitId] else {
                throw unitRejection(
                    "unit \(enRoute.unitId) was never dispatched to this alert; record its dispatch first", noun, state)
            }
            if unit.enRouteAt != nil {
                throw unitRejection("unit \(enRoute.unitId) is already recorded en route", noun, state)
            }
            if unit.arrivedAt != nil {
                throw unitRejection("unit \(enRoute.unitId) has already arrived", noun, state)
            }
            if state.firstEnRouteAt == nil, state.firstArrivedAt != nil, state.reopenings == 0 {
                throw unitRejection(
                    "a unit already arrived with no unit recorded en route before it, and the first en route may not come after the first arrival",
                    noun, state)
            }
        case .unitArrived(let arrival):
            try require([.received, .dispatched, .onScene].contains(state.status), noun, state)
            guard let unit = state.units[arrival.unitId] else {
                throw unitRejection(
                    "unit \(arrival.unitId) was never dispatched to this alert; record its dispatch first", noun, state)
            }
            if unit.arrivedAt != nil {
                throw unitRejection("unit \(arrival.unitId) has already arrived", noun, state)
            }
        case .alertDiverted(let diversion):
            try checkDiversion(diversion, state)
        case .alertCleared(let clearance):
            if state.status == .received, !AlertCleared.Disposition.withoutUnit.contains(clearance.disposition) {
                throw illegal("a clearance as \(clearance.disposition.rawValue)", after: state)
            }
            try require([.received, .dispatched, .onScene].contains(state.status), noun, state)
        case .alertCancelled:
            try require([.received, .dispatched].contains(state.status), noun, state)
        case .alertReopened:
            try require(state.status == .cleared, noun, state)
        default:
            break
        }
    }

    /// "alert is on scene", "alert has not been received".
    public static func sentence(for state: AlertState?) -> String {
        switch state?.status {
        case nil: "alert has not been received"
        case .received: "alert is received"
        case .dispatched: "alert is dispatched"
        case .onScene: "alert is on scene"
        case .diverted: "alert is diverted"
        case .cleared: "alert is cleared"
        case .cancelled: "alert is cancelled"
        }
    }

    /// What a clerk may record next.
    public static func whatMayFollow(_ state: AlertState?) -> String {
        switch state?.status {
        case nil: "it must be received first"
        case .received:
            "a dispatch, a diversion, a clearance as advice_only, invalid or duplicate, a cancellation or a reclassification may follow"
        case .dispatched:
            "an en-route entry, an arrival, a further dispatch, a clearance, a diversion, a cancellation or a reclassification may follow"
        case .onScene:
            "a clearance, a diversion, further units or a reclassification may follow"
        case .cleared: "only a reopening or a reclassification may follow"
        case .diverted: "only a reclassification may follow"
        case .cancelled: "nothing may follow"
        }
    }

    /// The status's contract name.
    public static func name(of state: AlertState?) -> String? {
        state?.status.rawValue
    }

    private static func checkDiversion(_ diversion: AlertDiverted, _ state: AlertState)
        throws(Rejection)
    {
        switch (state.status, diversion.beforeDispatch) {
        case (.received, true), (.dispatched, false), (.onScene, false):
            return
        case (.received, false):
            throw illegal("a diversion marked after dispatch", after: state)
        case (.dispatched, true), (.onScene, true):
            throw illegal("a diversion marked before dispatch", after: state)
        default:
            throw illegal(AlertDiverted.noun, after: state)
        }
    }

    private static func require(_ allowed: Bool, _ noun: String, _ state: AlertState)
        throws(Rejection)
    {
        if !allowed {
            throw illegal(noun, after: state)
        }
    }

    private static func unitRejection(_ reason: String, _ noun: String, _ state: AlertState)
        -> Rejection
    {
        Rejection(.illegalTransition, "cannot record \(noun): \(reason)", currentState: name(of: state))
    }
}
