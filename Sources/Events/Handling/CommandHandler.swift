import Foundation
public import Logging

/// Records a clerk's command: loads the stream, folds its effective history, lets the
/// rules decide, and appends with the version it read.
///
/// When another writer appended in between, the command is decided again on the new
/// history, a bounded number of times, unless the client pinned a version (`If-Match`).
public struct CommandHandler: Sendable {
    /// The log the handler reads and appends to.
    public let store: EventStore
    /// How often a command is decided again after losing a race with another writer.
    public let maximumAttempts: Int
    private let logger: Logger

    /// A handler appending to `store`, deciding a command at most `maximumAttempts` times.
    public init(store: EventStore, logger: Logger, maximumAttempts: Int = 3) {
        self.store = store
        self.logger = logger
        self.maximumAttempts = maximumAttempts
    }

    /// Records `command` on `streamId`; `expectedVersion` is the client's `If-Match`.
    ///
    /// `authorize` is called with the station the command concerns (the one it names, else
    /// the stream's) before anything is decided, so a caller can refuse a station it may
    /// not write to without a second read of the stream.
    ///
    /// Throws ``Rejection`` when the rules refuse, ``CommandError`` for an unknown stream
    /// or a stale `If-Match`, and ``EventStoreError/eventIdConflict`` when the command's
    /// event id is already used with other content. Re-sending a recorded command answers
    /// with the original result and `isRepeat` set.
    public func handle(
        _ command: Command, on streamId: String, expectedVersion: Int? = nil,
        authorize: @Sendable (String) throws -> Void = { _ in }
    ) async throws -> AppendResult {
        var attempt = 1
        while true {
            do {
                return try await decideAndAppend(
                    command, on: streamId, expectedVersion: expectedVersion, authorize: authorize)
            } catch let error as EventStoreError where error.currentVersion != nil && expectedVersion == nil && attempt < maximumAttempts {
                attempt += 1
                logger.debug("stream changed while deciding; deciding again", metadata: ["stream": "\(streamId)"])
            }
        }
    }

    private func decideAndAppend(
        _ command: Command, on streamId: String, expectedVersion: Int?,
        authorize: @Sendable (String) throws -> Void
    ) async throws -> AppendResult {
        let history = try StreamHistory(recorded: try await store.readStream(streamId))
        if history.envelopes.isEmpty, !command.event.startsStream {
            throw CommandError.streamNotFound(streamId)
        }
        let stationId = history.stationId(for: command.event) ?? ""
        try authorize(stationId)
        let payload = try EventRegistry.encode(command.event)
        let probe = NewEvent(
            eventId: command.eventId, type: payload.type, schemaVersion: payload.schemaVersion,
            data: payload.data, occurredAt: command.occurredAt, actor: command.actor, stationId: stationId
        )
        switch try await store.match(probe, streamId: streamId) {
        case .same(let original): return original
        case .different: throw EventStoreError.eventIdConflict
        case .absent: break
        }
        if let expectedVersion, expectedVersion != history.version {
            throw CommandError.versionMismatch(current: history.version)
        }
        guard let kind = StreamKind(streamId: streamId) else { throw CommandError.streamNotFound(streamId) }
        let reference = try await referenceData()
        let decided = try kind.decide(command, given: history, reference: reference)
        let events = try decided.enumerated().map { index, event throws(Rejection) in
            try NewEvent(
                encoding: event,
                eventId: index == 0 ? command.eventId : .init(),
                occurredAt: command.occurredAt,
                actor: command.actor,
                stationId: history.stationId(for: event) ?? ""
            )
        }
        return try await store.append(events, to: streamId, expected: history.expectedVersion)
    }

    /// The registered stations and their communities, folded from the station streams.
    public func referenceData() async throws -> ReferenceData {
        let recorded = try await store.readCategory(StreamKind.station.rawValue)
        let streams = Dictionary(grouping: recorded, by: \.streamId)
        let stations = try streams.values.compactMap { events in
            StationLifecycle.state(of: try StreamHistory(recorded: events))
        }
        return ReferenceData(stations: stations)
    }
}
