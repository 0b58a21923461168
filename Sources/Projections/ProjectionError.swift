/// Why a projection could not do what was asked.
///
/// `description` says what happened in words a caller can show; the HTTP layer maps
/// ``notCaughtUp(position:)`` to 503.
public struct ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of error; new kinds may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case notCaughtUp, replayRunning, unknownProjection, switchInterrupted
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The projections had not applied a position within the wait.
        public static let notCaughtUp = Code(.notCaughtUp)
        /// Another replay of the same projection holds its lock.
        public static let replayRunning = Code(.replayRunning)
        /// A projection name that does not exist.
        public static let unknownProjection = Code(.unknownProjection)
        /// The projection had no active version when a replay came to switch.
        public static let switchInterrupted = Code(.switchInterrupted)

        /// The code's name, e.g. `notCaughtUp`.
        public var description: String { base.rawValue }
    }

    private enum Kind: Sendable, Equatable {
        case notCaughtUp(Int64)
        case replayRunning(String)
        case unknownProjection(String)
        case switchInterrupted(String)
    }

    private let kind: Kind

    /// The projections had not applied `position` within the wait.
    public static func notCaughtUp(position: Int64) -> ProjectionError {
        ProjectionError(kind: .notCaughtUp(position))
    }

    /// Another replay of the same projection holds its lock.
    public static func replayRunning(_ projection: String) -> ProjectionError {
        ProjectionError(kind: .replayRunning(projection))
    }

    /// A projection name that does not exist (from the command line or the catalog).
    public static func unknownProjection(_ name: String) -> ProjectionError {
        ProjectionError(kind: .unknownProjection(name))
    }

    /// The projection had no active version when a replay came to switch.
    static func switchInterrupted(_ projection: String) -> ProjectionError {
        ProjectionError(kind: .switchInterrupted(projection))
    }

    /// The kind of error.
    public var code: Code {
        switch kind {
        case .notCaughtUp: .notCaughtUp
        case .replayRunning: .replayRunning
        case .unknownProjection: .unknownProjection
        case .switchInterrupted: .switchInterrupted
        }
    }

    public var description: String {
        switch kind {
        case .notCaughtUp(let position):
            "the statistics have not yet caught up with position \(position); try again shortly"
        case .replayRunning(let projection):
            "a replay of projection \(projection) is already running"
        case .unknownProjection(let name):
            "there is no projection named \(name); known: \(Projection.allCases.map(\.rawValue).joined(separator: ", "))"
        case .switchInterrupted(let projection):
            "projection \(projection) has no active version to replace; run the replay again"
        }
    }
}
