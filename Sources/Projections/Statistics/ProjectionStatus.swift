/// One projection version's checkpoint, lag and parked streams, for health pages and metrics.
public struct ProjectionStatus: Sendable, Equatable, Encodable {
    /// The projection's name.
    public var projection: String
    /// The version.
    public var version: Int
    /// `active` (serving) or `building` (a replay in progress).
    public var state: String
    /// The global position of the last event applied, in log order.
    public var position: Int64
    /// Events applied to this version.
    public var eventsApplied: Int64
    /// Committed events this version has not applied yet.
    public var lag: Int64
    /// The lowest global position among them; nil when caught up.
    public var firstUnapplied: Int64?
    /// Streams this version set aside because they could not be applied.
    public var parked: [ParkedStream]
}
