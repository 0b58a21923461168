/// Why a command could not be recorded, apart from the domain's own ``Rejection``s and
/// the store's version and event-id conflicts.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of error; new kinds may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case streamNotFound, versionMismatch
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The command names a dispute, alert or station that does not exist.
        public static let streamNotFound = Code(.streamNotFound)
        /// The client's `If-Match` version is not the stream's current one.
        public static let versionMismatch = Code(.versionMismatch)

        /// The code's name, e.g. `streamNotFound`.
        public var description: String { base.rawValue }
    }

    private enum Kind: Sendable, Equatable {
        case streamNotFound(String)
        case versionMismatch(current: Int)
    }

    private let kind: Kind

    /// The command names a dispute, alert or station that does not exist.
    public static func streamNotFound(_ streamId: String) -> CommandError {
        CommandError(kind: .streamNotFound(streamId))
    }

    /// The client's `If-Match` version is not the stream's current one.
    public static func versionMismatch(current: Int) -> CommandError {
        CommandError(kind: .versionMismatch(current: current))
    }

    /// The kind of error.
    public var code: Code {
        switch kind {
        case .streamNotFound: .streamNotFound
        case .versionMismatch: .versionMismatch
        }
    }

    /// The stream's current version when the client's expected one was wrong.
    public var currentVersion: Int? {
        if case .versionMismatch(let current) = kind { return current }
        return nil
    }

    /// What went wrong, for the clerk.
    public var description: String {
        switch kind {
        case .streamNotFound(let streamId):
            let parts = streamId.split(separator: "-", maxSplits: 1)
            return "\(parts.first ?? "record") \(parts.count > 1 ? parts[1] : "") does not exist"
        case .versionMismatch(let current):
            return "the record has changed: it is at version \(current)"
        }
    }
}
