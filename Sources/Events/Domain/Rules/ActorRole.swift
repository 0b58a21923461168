/// What the person recording an entry is allowed to do.
public enum ActorRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Records the day's entries.
    case clerk
    /// Also amends the times of alerts.
    case supervisor
    /// Everything a supervisor may, and administration.
    case admin

    /// Whether the role may amend an alert's times, which feed the response figures.
    public var mayAmendAlertTimes: Bool { self != .clerk }
}
