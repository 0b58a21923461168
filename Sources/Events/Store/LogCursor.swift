/// A reader's place in the global log: after this transaction id and position.
///
/// Ordering by `(transactionId, globalPosition)` and reading only below the oldest
/// still-running transaction means an event committed late by a concurrent writer is
/// never skipped, which a bare position cursor cannot promise.
public struct LogCursor: Sendable, Hashable, Codable, Comparable {
    public var transactionId: UInt64
    public var globalPosition: Int64

    public init(transactionId: UInt64, globalPosition: Int64) {
        self.transactionId = transactionId
        self.globalPosition = globalPosition
    }

    /// Before the first event.
    public static let start = LogCursor(transactionId: 0, globalPosition: 0)

    public static func < (lhs: LogCursor, rhs: LogCursor) -> Bool {
        (lhs.transactionId, lhs.globalPosition) < (rhs.transactionId, rhs.globalPosition)
    }
}
