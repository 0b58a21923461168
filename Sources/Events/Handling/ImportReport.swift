/// What an import did: how many lines it recorded, which it already had, and which it
/// refused.
public struct ImportReport: Sendable, Equatable {
    /// Lines recorded by this import.
    public var accepted = 0
    /// Lines whose `eventId` was already recorded with the same content; not written again.
    public var duplicates = 0
    /// Lines refused, in line order.
    public var rejected: [ImportRejection] = []
    /// The highest global position among the lines recorded or found already recorded;
    /// nil when there were none. Readers may wait for projections to reach it.
    public var lastPosition: Int64?

    /// An empty report.
    public init() {}

    /// The number of lines read that held an entry (blank lines are not counted).
    public var entries: Int { accepted + duplicates + rejected.count }
}
