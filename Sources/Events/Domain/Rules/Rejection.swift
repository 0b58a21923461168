/// Why the ledger refused an entry, told as a sentence a clerk understands.
///
/// The `description` names what was attempted and the stream's current state, e.g.
/// "cannot record a referral: dispute is resolved; only a reopening or a follow-up may
/// follow". Every rejection is the clerk's to fix: a malformed payload (HTTP 400), a role
/// that may not make the entry (403), anything else (422).
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of rejection; new kinds may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case illegalTransition, timeRunsBackwards, unknownReference, invalidPayload, outOfRange
            case alreadyExists, wrongStream, invalidCorrection, correctionLeavesIllegalHistory
            case roleRequired
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The lifecycle does not allow this entry in the stream's current state.
        public static let illegalTransition = Code(.illegalTransition)
        /// The entry is dated before the stream's latest entry.
        public static let timeRunsBackwards = Code(.timeRunsBackwards)
        /// The entry names a station or community that is not registered.
        public static let unknownReference = Code(.unknownReference)
        /// A value is missing, blank, of the wrong type, outside its allowed set, or at odds
        /// with another field.
        public static let invalidPayload = Code(.invalidPayload)
        /// A number, a text's length or a time lies outside the bounds the ledger accepts,
        /// which keep every value inside what the read models can hold
        /// (docs/domain-rules.md lists them).
        public static let outOfRange = Code(.outOfRange)
        /// The station, community, dispute or alert is already registered.
        public static let alreadyExists = Code(.alreadyExists)
        /// The entry does not belong on this kind of stream, or on this station's.
        public static let wrongStream = Code(.wrongStream)
        /// The correction's target or fields cannot be corrected.
        public static let invalidCorrection = Code(.invalidCorrection)
        /// The stream would break a lifecycle rule once corrected.
        public static let correctionLeavesIllegalHistory = Code(.correctionLeavesIllegalHistory)
        /// The actor's role may not make this entry.
        public static let roleRequired = Code(.roleRequired)

        /// The code's name, e.g. `illegalTransition`.
        public var description: String { base.rawValue }
    }

    /// The kind of rejection.
    public let code: Code
    /// The sentence for the clerk.
    public let description: String
    /// The stream's state by its contract name (`resolved`, `on_scene`), when it matters.
    public let currentState: String?
    /// The payload field at fault (a JSON path such as `parties[0].name`), when one is.
    public let field: String?

    /// A rejection; the rules build them, tests and adapters may too.
    public init(_ code: Code, _ description: String, currentState: String? = nil, field: String? = nil) {
        self.code = code
        self.description = description
        self.currentState = currentState
        self.field = field
    }

    static func invalidPayload(_ message: String, field: String? = nil) -> Rejection {
        Rejection(.invalidPayload, message, field: field)
    }

    static func outOfRange(_ message: String, field: String) -> Rejection {
        Rejection(.outOfRange, message, field: field)
    }

    static func invalidCorrection(_ message: String) -> Rejection {
        Rejection(.invalidCorrection, message)
    }

    static func unknownReference(_ message: String) -> Rejection {
        Rejection(.unknownReference, message)
    }
}
