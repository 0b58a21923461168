/// One projection version's position and lag, for health pages and logs.
public struct ProjectionStatus: Sendable, Equatable, Encodable {
    /// The projection's name.
    public var projection: String
    /// The version.
    public var version: Int
    /// `active` (serving) or `building` (a replay in progress).
    public var state: String
    /// The global position of the last event applied.
    public var position: Int64
    /// Events applied to this version.
    public var eventsApplied: Int64
    /// The log's head position minus `position`.
    public var lag: Int64
}
