/// A PostgreSQL SQLSTATE code, open so callers can name codes this file does not.
public struct SQLState: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The five-character code, e.g. `23505`.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// The two-character class, e.g. `08` for connection exceptions.
    public var errorClass: Substring { rawValue.prefix(2) }

    public static let uniqueViolation: SQLState = "23505"
    public static let checkViolation: SQLState = "23514"
    public static let serializationFailure: SQLState = "40001"
    public static let deadlockDetected: SQLState = "40P01"
    public static let adminShutdown: SQLState = "57P01"
    public static let crashShutdown: SQLState = "57P02"
    public static let cannotConnectNow: SQLState = "57P03"
    public static let queryCanceled: SQLState = "57014"
    public static let lockNotAvailable: SQLState = "55P03"
    public static let raiseException: SQLState = "P0001"
    public static let invalidDatetimeFormat: SQLState = "22007"
    public static let invalidTextRepresentation: SQLState = "22P02"
    /// Raised by `ledger.append_events` when the stream is not at the expected version.
    public static let wrongExpectedVersion: SQLState = "LE001"
    /// Raised by `ledger.append_events` when an event id is reused with other content.
    public static let eventIdConflict: SQLState = "LE002"
    /// Raised by the log's trigger on UPDATE, DELETE or TRUNCATE.
    public static let appendOnlyViolation: SQLState = "LE003"
    /// Raised by the log's hash-chain trigger when a version's predecessor is not stored.
    public static let missingPredecessor: SQLState = "LE004"

    /// True for codes that mean a statement ran out of time: `statement_timeout` or a
    /// cancel (`57014`), or `lock_timeout` (`55P03`). Worth a retry later.
    public var meansTimedOut: Bool {
        self == .queryCanceled || self == .lockNotAvailable
    }

    /// True for codes that mean the connection or server went away.
    public var meansConnectionLost: Bool {
        errorClass == "08" || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
    }
}
