public import Foundation

/// An alert as folded from its effective history.
public struct AlertState: Sendable, Equatable {
    /// One unit sent to the alert.
    public struct Unit: Sendable, Equatable {
        /// When it was sent.
        public var dispatchedAt: Date
        /// When it left for the scene, once recorded.
        public var enRouteAt: Date? = nil
        /// When it arrived, once it has.
        public var arrivedAt: Date?
    }

    /// The alert's id.
    public var alertId: UUID
    /// The station that owns it.
    public var stationId: String
    /// The community it concerns.
    public var communityId: String?
    /// How it came in.
    public var channel: AlertReceived.Channel
    /// Where it stands.
    public var status: AlertStatus
    /// The category now, after any reclassification.
    public var category: AlertCategory
    /// The category it was received with.
    public var initialCategory: AlertCategory
    /// Whether it is a police matter now.
    public var policeMatter: Bool
    /// Its priority now, 1–3.
    public var priority: Int?
    /// When it was received.
    public var receivedAt: Date
    /// When the first unit was sent.
    public var firstDispatchedAt: Date?
    /// When the first unit left for the scene.
    public var firstEnRouteAt: Date?
    /// When the first unit arrived.
    public var firstArrivedAt: Date?
    /// When it was last cleared, while it is cleared.
    public var clearedAt: Date?
    /// The status it was cleared from, while it is cleared: a reopening returns to it.
    public var clearedFrom: AlertStatus?
    /// How many times it was reopened.
    public var reopenings: Int = 0
    /// Units sent, by unit id.
    public var units: [String: Unit] = [:]
    /// The diversion, if it was diverted.
    public var diversion: AlertDiverted?
    /// The last clearance, while it is cleared.
    public var clearance: AlertCleared?
    /// Times of its entries moved by amendment (`amendedTimes`).
    public var amendedTimes: Int = 0

    /// The state right after `received`.
    public init(received: AlertReceived, at occurredAt: Date) {
        self.alertId = received.alertId
        self.stationId = received.stationId
        self.communityId = received.communityId
        self.channel = received.channel
        self.status = .received
        self.category = received.category
        self.initialCategory = received.category
        self.policeMatter = received.policeMatter
        self.priority = received.priority
        self.receivedAt = occurredAt
    }
}
