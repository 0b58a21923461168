import Foundation

/// Why the event store refused an append.
public struct EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of refusal; new kinds may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String {
            case wrongExpectedVersion, eventIdConflict, invalidAppend, busy, raced
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The stream was not at the version the writer expected.
        public static let wrongExpectedVersion = Code(.wrongExpectedVersion)
        /// An event id is already stored with other content.
        public static let eventIdConflict = Code(.eventIdConflict)
        /// The append itself was malformed (no events, mixed stations).
        public static let invalidAppend = Code(.invalidAppend)
        /// Other writers kept taking the versions a bulk write computed.
        public static let busy = Code(.busy)
        /// Another writer stored the same stream version or event id first, while this
        /// write held no lock that would have made it wait (a bulk write, or an append
        /// inside the caller's transaction); reading again and deciding anew is the answer.
        public static let raced = Code(.raced)

        /// The code's name, e.g. `eventIdConflict`.
        public var description: String { base.rawValue }
    }

    private enum Kind: Sendable, Equatable {
        case wrongExpectedVersion(current: Int)
        case eventIdConflict
        case invalidAppend(String)
        case busy
        case raced
    }

    private let kind: Kind

    /// The stream was not at the version the writer expected; `current` is where it is.
    public static func wrongExpectedVersion(current: Int) -> EventStoreError {
        EventStoreError(kind: .wrongExpectedVersion(current: current))
    }

    /// An event id is already stored with other content.
    public static let eventIdConflict = EventStoreError(kind: .eventIdConflict)

    /// Other writers kept taking the versions a bulk write computed; trying again later works.
    public static let busy = EventStoreError(kind: .busy)

    /// Another writer stored the same stream version or event id first (see ``Code/raced``).
    public static let raced = EventStoreError(kind: .raced)

    /// The append itself was malformed (no events, mixed stations).
    static func invalidAppend(_ reason: String) -> EventStoreError {
        EventStoreError(kind: .invalidAppend(reason))
    }

    /// The kind of refusal.
    public var code: Code {
        switch kind {
        case .wrongExpectedVersion: .wrongExpectedVersion
        case .eventIdConflict: .eventIdConflict
        case .invalidAppend: .invalidAppend
        case .busy: .busy
        case .raced: .raced
        }
    }

    /// The stream's current version when this is a version conflict.
    public var currentVersion: Int? {
        if case .wrongExpectedVersion(let current) = kind { return current }
        return nil
    }

    public var description: String {
        switch kind {
        case .wrongExpectedVersion(let current): "the stream is at version \(current), not the expected one"
        case .eventIdConflict: "this eventId is already recorded with other content"
        case .invalidAppend(let reason): reason
        case .busy: "other writers kept changing the same records; nothing more was written, try again"
        case .raced: "another writer recorded in the same records at the same moment; try again"
        }
    }
}
