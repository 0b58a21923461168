/// How far an import has come, reported after every batch.
public struct ImportProgress: Sendable, Equatable {
    /// Lines read and decided so far, blank lines included.
    public var lines: Int
    /// Bytes of the input those lines took.
    public var bytes: Int
    /// Lines recorded so far.
    public var accepted: Int
    /// Lines found already recorded so far.
    public var duplicates: Int
    /// Lines refused so far.
    public var rejected: Int

    /// A progress report.
    public init(lines: Int, bytes: Int, accepted: Int, duplicates: Int, rejected: Int) {
        self.lines = lines
        self.bytes = bytes
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}
