/// A stream a projection could not apply and set aside, for health pages and metrics.
public struct ParkedStream: Sendable, Equatable, Encodable {
    /// The projection's name.
    public var projection: String
    /// The version it was parked in.
    public var version: Int
    /// The stream.
    public var streamId: String
    /// The position of the last event read when it was parked.
    public var position: Int64
    /// Why it could not be applied.
    public var error: String
    /// When it was parked, RFC 3339 in UTC.
    public var parkedAt: String
}
