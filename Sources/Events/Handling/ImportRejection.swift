public import Foundation

/// One line of an import that was not recorded, and why.
public struct ImportRejection: Sendable, Equatable {
    /// Why a line was refused; new reasons may be added without breaking callers.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case malformed, streamNotFound, eventIdConflict, ruleViolation, roleRequired
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The line is not a well-formed entry, or its payload is invalid.
        public static let malformed = Reason(.malformed)
        /// The entry needs a stream that does not exist (and does not start one).
        public static let streamNotFound = Reason(.streamNotFound)
        /// The entry's `eventId` is already recorded with other content.
        public static let eventIdConflict = Reason(.eventIdConflict)
        /// The entry breaks a rule: an illegal transition, time running backwards, an
        /// unknown station or community, a value out of bounds.
        public static let ruleViolation = Reason(.ruleViolation)
        /// The importing actor's role may not make this entry.
        public static let roleRequired = Reason(.roleRequired)

        /// The reason's name, e.g. `ruleViolation`.
        public var description: String { base.rawValue }
    }

    /// The line's number in the input, counting from 1.
    public let line: Int
    /// The line's `eventId`, when it had a readable one.
    public let eventId: UUID?
    /// Why the line was refused.
    public let reason: Reason
    /// The sentence that says what is wrong with the line.
    public let detail: String

    /// A rejected line.
    public init(line: Int, eventId: UUID?, reason: Reason, detail: String) {
        self.line = line
        self.eventId = eventId
        self.reason = reason
        self.detail = detail
    }

    /// A line the domain rules refused, with the reason matching the rejection's code.
    init(line: Int, eventId: UUID?, rejection: Rejection) {
        let reason: Reason = switch rejection.code {
        case .invalidPayload: .malformed
        case .roleRequired: .roleRequired
        default: .ruleViolation
        }
        self.init(line: line, eventId: eventId, reason: reason, detail: rejection.description)
    }
}
