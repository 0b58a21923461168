/// An import that stopped part-way: the batches before the failure were written and stay
/// written, and `report` says what they held.
///
/// Re-posting the same file is safe: what was written comes back as duplicates.
public struct ImportInterrupted: Error, CustomStringConvertible {
    /// What the import had recorded, found already recorded and refused when it stopped.
    public let report: ImportReport
    /// Why it stopped (a body past its limit, a database failure).
    public let cause: any Error

    public var description: String {
        "the import stopped after recording \(report.accepted) line(s) (\(report.duplicates) already recorded, "
            + "\(report.rejected.count) refused), which stay recorded: \(cause)"
    }
}
