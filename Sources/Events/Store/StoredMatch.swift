/// What the log holds under an event id that a writer is about to use.
public enum StoredMatch: Sendable, Equatable {
    /// The id is unused.
    case absent
    /// The id is stored with the same stream, type and data (and time, when compared): an
    /// idempotent repeat.
    case same(AppendResult)
    /// The id is stored with other content.
    case different
}
