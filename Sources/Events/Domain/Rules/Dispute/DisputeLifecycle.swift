/// The rules of a dispute's stream (`dispute-<uuid>`).
///
/// Transitions, as events.md lists them:
/// - logged → in_mediation (mediation adjourned or reaching agreement), mediation_failed
///   (no agreement), resolved, referred, closed_unresolved
/// - in_mediation → in_mediation, mediation_failed, resolved, referred
/// - mediation_failed → in_mediation, referred, closed_unresolved, resolved; a second
///   mediation without agreement is refused, as the contract lists no
///   mediation_failed → mediation_failed
/// - referred → resolved, closed_unresolved
/// - resolved, closed_unresolved → in_mediation only by `DisputeReopened`
/// - `FollowUpConducted` only when resolved, referred or closed_unresolved; no change
///
/// Interpreted: after a mediation with agreement a `DisputeResolved` is expected but not
/// required (`awaitingResolution` shows it); any resolution method is accepted.
public enum DisputeLifecycle: Lifecycle {
    /// The state of one dispute.
    public typealias State = DisputeState

    /// Disputes.
    public static let streamKind = StreamKind.dispute

    /// The dispute after one more effective event.
    public static func evolve(_ state: DisputeState?, _ entry: EffectiveEvent) -> DisputeState? {
        if case .disputeLogged(let logged) = entry.event {
            return DisputeState(logged: logged, at: entry.occurredAt)
        }
        guard var state else { return nil }
        switch entry.event {
        case .mediationHeld(let mediation):
            state.mediations += 1
            state.status = mediation.outcome == .noAgreement ? .mediationFailed : .inMediation
            state.awaitingResolution = mediation.outcome == .agreement
            if mediation.outcome == .agreement {
                state.agreements += 1
            }
        case .disputeReferred:
            state.status = .referred
            state.referrals += 1
            state.awaitingResolution = false
        case .disputeResolved(let resolution):
            state.status = .resolved
            state.resolution = resolution
            state.firstResolvedAt = state.firstResolvedAt ?? entry.occurredAt
            state.awaitingResolution = false
        case .disputeClosedUnresolved:
            state.status = .closedUnresolved
            state.awaitingResolution = false
        case .disputeReopened:
            state.status = .inMediation
            state.reopenings += 1
        case .followUpConducted:
            state.followUps += 1
        default:
            break
        }
        return state
    }

    /// Rejects an entry the dispute's lifecycle does not allow now.
    public static func check(
        _ event: DomainEvent, after state: DisputeState?, reference: ReferenceData
    ) throws(Rejection) {
        if case .disputeLogged(let logged) = event {
            if let state {
                throw Rejection(
                    .alreadyExists,
                    "cannot record a new dispute: this dispute was already logged and \(sentence(for: state))",
                    currentState: name(of: state))
            }
            try reference.requireStation(logged.stationId)
            try reference.requireCommunity(logged.communityId, in: logged.stationId)
            return
        }
        guard let state else { throw illegal(event.payloadType.noun, after: nil) }
        switch event {
        case .mediationHeld(let mediation):
            let target: DisputeStatus = mediation.outcome == .noAgreement ? .mediationFailed : .inMediation
            if !state.status.next.contains(target) {
                let noun = mediation.outcome == .noAgreement ? "a mediation without agreement" : "a mediation"
                throw illegal(noun, after: state)
            }
        case .disputeReferred:
            try require(state.status.next.contains(.referred), event, state)
        case .disputeResolved:
            try require(state.status.next.contains(.resolved), event, state)
        case .disputeClosedUnresolved:
            try require(state.status.next.contains(.closedUnresolved), event, state)
        case .disputeReopened:
            try require(state.status.allowsReopening, event, state)
        case .followUpConducted:
            try require(state.status.allowsFollowUp, event, state)
        default:
            break
        }
    }

    /// "dispute is resolved", "dispute has not been logged".
    public static func sentence(for state: DisputeState?) -> String {
        switch state?.status {
        case nil: "dispute has not been logged"
        case .logged: "dispute is logged"
        case .inMediation: "dispute is in mediation"
        case .mediationFailed: "dispute's last mediation failed"
        case .referred: "dispute is referred"
        case .resolved: "dispute is resolved"
        case .closedUnresolved: "dispute is closed unresolved"
        }
    }

    /// What a clerk may record next.
    public static func whatMayFollow(_ state: DisputeState?) -> String {
        switch state?.status {
        case nil: "it must be logged first"
        case .logged: "a mediation, a referral, a resolution or a closure may follow"
        case .inMediation: "a further mediation, a referral or a resolution may follow"
        case .mediationFailed:
            "a mediation that is adjourned or reaches agreement, a referral, a resolution or a closure may follow"
        case .referred: "only a resolution, a closure or a follow-up may follow"
        case .resolved, .closedUnresolved: "only a reopening or a follow-up may follow"
        }
    }

    /// The status's contract name.
    public static func name(of state: DisputeState?) -> String? {
        state?.status.rawValue
    }

    private static func require(_ allowed: Bool, _ event: DomainEvent, _ state: DisputeState)
        throws(Rejection)
    {
        if !allowed {
            throw illegal(event.payloadType.noun, after: state)
        }
    }
}
