/// What the writer believes the stream's version to be, checked atomically on append.
public enum ExpectedVersion: Sendable, Equatable, Hashable {
    /// No check: append after whatever is there.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last version must be exactly this.
    case exact(Int)
}
