public import Foundation

/// A dispute as folded from its effective history.
public struct DisputeState: Sendable, Equatable {
    /// The dispute's id.
    public var disputeId: UUID
    /// The station that owns it.
    public var stationId: String
    /// The community it arose in.
    public var communityId: String?
    /// What it is about.
    public var category: DisputeLogged.Category
    /// Whether it is a key dispute (重点).
    public var key: Bool
    /// Where it stands.
    public var status: DisputeStatus
    /// When it was logged.
    public var loggedAt: Date
    /// Mediation sessions held.
    public var mediations: Int = 0
    /// Sessions that reached agreement.
    public var agreements: Int = 0
    /// Whether the last session reached agreement and no resolution has followed yet; the
    /// contract expects a `DisputeResolved` with method `mediation` next.
    public var awaitingResolution = false
    /// Referrals to other agencies.
    public var referrals: Int = 0
    /// Times it was reopened.
    public var reopenings: Int = 0
    /// Follow-up calls made.
    public var followUps: Int = 0
    /// When it was first resolved.
    public var firstResolvedAt: Date?
    /// The latest resolution.
    public var resolution: DisputeResolved?

    /// The state right after `logged`.
    public init(logged: DisputeLogged, at occurredAt: Date) {
        self.disputeId = logged.disputeId
        self.stationId = logged.stationId
        self.communityId = logged.communityId
        self.category = logged.category
        self.key = logged.key ?? false
        self.status = .logged
        self.loggedAt = occurredAt
    }
}
