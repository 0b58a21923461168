import Foundation

/// Why the event store refused an append.
public struct EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case wrongExpectedVersion(current: Int)
        case eventIdConflict
        case invalidAppend(String)
        case busy
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

    /// True when the write lost to other writers too often and may simply be tried again.
    public var isBusy: Bool { kind == .busy }

    /// The append itself was malformed (no events, mixed stations).
    static func invalidAppend(_ reason: String) -> EventStoreError {
        EventStoreError(kind: .invalidAppend(reason))
    }

    /// The stream's current version when this is a version conflict.
    public var currentVersion: Int? {
        if case .wrongExpectedVersion(let current) = kind { return current }
        return nil
    }

    /// True when this is an event-id reuse with other content.
    public var isEventIdConflict: Bool { kind == .eventIdConflict }

    public var description: String {
        switch kind {
        case .wrongExpectedVersion(let current): "the stream is at version \(current), not the expected one"
        case .eventIdConflict: "this eventId is already recorded with other content"
        case .invalidAppend(let reason): reason
        case .busy: "other writers kept changing the same records; nothing more was written, try again"
        }
    }
}
