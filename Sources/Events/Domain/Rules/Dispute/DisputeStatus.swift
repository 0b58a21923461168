/// Where a dispute stands in its lifecycle.
public enum DisputeStatus: String, Sendable, Hashable, CaseIterable {
    /// Logged, nothing done yet.
    case logged
    /// A mediation is under way, adjourned or reached agreement.
    case inMediation = "in_mediation"
    /// The last mediation ended without agreement.
    case mediationFailed = "mediation_failed"
    /// Handed to another agency.
    case referred
    /// Settled.
    case resolved
    /// Closed without being settled.
    case closedUnresolved = "closed_unresolved"

    /// The statuses an ordinary entry may move to from this one; a reopening is separate.
    var next: Set<DisputeStatus> {
        switch self {
        case .logged: [.inMediation, .mediationFailed, .resolved, .referred, .closedUnresolved]
        case .inMediation: [.inMediation, .mediationFailed, .resolved, .referred]
        case .mediationFailed: [.inMediation, .referred, .closedUnresolved, .resolved]
        case .referred: [.resolved, .closedUnresolved]
        case .resolved, .closedUnresolved: []
        }
    }

    /// Whether a follow-up call may be recorded.
    var allowsFollowUp: Bool { [.resolved, .referred, .closedUnresolved].contains(self) }

    /// Whether a `DisputeReopened` may be recorded.
    var allowsReopening: Bool { [.resolved, .closedUnresolved].contains(self) }
}
