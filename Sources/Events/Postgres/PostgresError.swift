/// An error from the database client, carrying the server's SQLSTATE when there is one.
///
/// `description` says what happened without SQL text or values, so it is safe to show;
/// the server's own message and detail are only in `debugDescription`, for logs.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What failed, on this side of the wire or the server's; ``code`` is the server's
    /// SQLSTATE when the server reported one. New conditions may be added without breaking
    /// callers.
    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case connectionFailed, connectionLost, server, unexpectedResult, invalidParameter
            case poolClosed, poolExhausted, cancelled
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The database could not be reached.
        public static let connectionFailed = Condition(.connectionFailed)
        /// The connection broke while in use.
        public static let connectionLost = Condition(.connectionLost)
        /// The server refused the statement (see ``PostgresError/code``).
        public static let server = Condition(.server)
        /// The server's answer was not what the statement should give.
        public static let unexpectedResult = Condition(.unexpectedResult)
        /// A parameter could not be sent as given (it held U+0000).
        public static let invalidParameter = Condition(.invalidParameter)
        /// The pool was closed.
        public static let poolClosed = Condition(.poolClosed)
        /// Every pooled connection stayed busy past the lease deadline: the database is up
        /// but saturated (or something holds connections too long).
        public static let poolExhausted = Condition(.poolExhausted)
        /// The statement was cancelled because the task awaiting it was; the connection it
        /// ran on is not reused.
        public static let cancelled = Condition(.cancelled)

        /// The condition's name, e.g. `poolExhausted`.
        public var description: String { base.rawValue }
    }

    private enum Kind: Sendable {
        case connectionFailed
        case connectionLost
        case server
        case unexpectedResult
        case invalidParameter
        case poolClosed
        case poolExhausted
        case cancelled
    }

    private let kind: Kind
    /// The server's SQLSTATE, when the server reported one.
    public let code: SQLState?
    /// The server's primary message (may quote values: logs only).
    public let serverMessage: String
    /// The server's detail field (may quote values: logs only).
    public let serverDetail: String?
    /// The constraint a violation concerns, when the server named one.
    public let constraint: String?

    private init(kind: Kind, code: SQLState? = nil, message: String, detail: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.code = code
        self.serverMessage = message
        self.serverDetail = detail
        self.constraint = constraint
    }

    static func connectionFailed(_ message: String) -> PostgresError {
        PostgresError(kind: .connectionFailed, message: message)
    }

    static func connectionLost(_ message: String, code: SQLState? = nil) -> PostgresError {
        PostgresError(kind: .connectionLost, code: code, message: message)
    }

    static func server(code: SQLState?, message: String, detail: String?, constraint: String?) -> PostgresError {
        if let code, code.meansConnectionLost {
            return PostgresError(kind: .connectionLost, code: code, message: message, detail: detail, constraint: constraint)
        }
        return PostgresError(kind: .server, code: code, message: message, detail: detail, constraint: constraint)
    }

    static func unexpectedResult(_ message: String) -> PostgresError {
        PostgresError(kind: .unexpectedResult, message: message)
    }

    static let poolClosed = PostgresError(kind: .poolClosed, message: "pool closed")

    static let poolExhausted = PostgresError(kind: .poolExhausted, message: "no connection became free before the lease deadline")

    static let cancelled = PostgresError(kind: .cancelled, message: "the awaiting task was cancelled")

    static let nulInParameter = PostgresError(kind: .invalidParameter, message: "a parameter holds U+0000")

    /// True when the database could not be reached or the connection broke: worth a retry later.
    public var isUnavailable: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .poolClosed, .poolExhausted: true
        case .server, .unexpectedResult, .invalidParameter, .cancelled: false
        }
    }

    /// What failed.
    public var condition: Condition {
        switch kind {
        case .connectionFailed: .connectionFailed
        case .connectionLost: .connectionLost
        case .server: .server
        case .unexpectedResult: .unexpectedResult
        case .invalidParameter: .invalidParameter
        case .poolClosed: .poolClosed
        case .poolExhausted: .poolExhausted
        case .cancelled: .cancelled
        }
    }

    public var description: String {
        switch kind {
        case .connectionFailed: "could not connect to the database"
        case .connectionLost: "the connection to the database was lost"
        case .server: "the database refused the statement (SQLSTATE \(code?.rawValue ?? "unknown"))"
        case .unexpectedResult: "the database returned an unexpected result"
        case .invalidParameter: "a statement parameter contains the NUL character, which PostgreSQL text cannot hold"
        case .poolClosed: "the connection pool is closed"
        case .poolExhausted: "every database connection stayed busy past the lease deadline"
        case .cancelled: "the statement was cancelled"
        }
    }

    public var debugDescription: String {
        var text = "\(description): \(serverMessage)"
        if let serverDetail { text += " (\(serverDetail))" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }
}
