import Foundation
public import Logging

/// Records a clerk's command: loads the stream, folds its effective history, lets the
/// rules decide, and appends with the version it read.
///
/// When another writer appended in between, the command is decided again on the new
/// history, a bounded number of times, unless the client pinned a version (`If-Match`).
/// Commands on station streams (the reference data every other rule reads) are decided
/// and appended in one transaction under ``ReferenceDataLock``, so that a community id
/// stays unique across stations when two registrations race.
public struct CommandHandler: Sendable {
    /// The log the handler reads and appends to.
    public let store: EventStore
    /// How often a command is decided again after losing a race with another writer.
    public let maximumAttempts: Int
    private let references: ReferenceDataCache
    private let logger: Logger

    /// A handler appending to `store`, deciding a command at most `maximumAttempts` times.
    public init(store: EventStore, logger: Logger, maximumAttempts: Int = 3) {
        self.store = store
        self.references = ReferenceDataCache()
        self.logger = logger
        self.maximumAttempts = maximumAttempts
    }

    /// Records `command` on `streamId`; `expectedVersion` is the client's `If-Match`.
    ///
    /// `authorize` is called with the station the command concerns (the one it names, else
    /// the stream's), and with the stream's own station when the stream exists and that
    /// differs, before anything is decided, so a caller can refuse a station it may not
    /// write to without a second read of the stream.
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
                let result = try await decideAndAppend(
                    command, on: streamId, expectedVersion: expectedVersion, authorize: authorize)
                return try await confirmedRepeat(result, of: command, on: streamId)
            } catch let error as EventStoreError
                where (error.code == .wrongExpectedVersion && expectedVersion == nil || error.code == .raced)
                && attempt < maximumAttempts
            {
                attempt += 1
                logger.debug("stream changed while deciding; deciding again", metadata: ["stream": "\(streamId)"])
            }
        }
    }

    private func decideAndAppend(
        _ command: Command, on streamId: String, expectedVersion: Int?,
        authorize: @Sendable (String) throws -> Void
    ) async throws -> AppendResult {
        let read = try await store.readStream(streamId, countingCategory: StreamKind.station.rawValue)
        let history = try StreamHistory(recorded: read.events)
        try CommandDecision.requireStream(streamId, for: command, given: history)
        let stationId = history.stationId(for: command.event) ?? ""
        // An existing record is its own station's to write, whatever station the command names.
        if let owner = history.stationId, owner != stationId { try authorize(owner) }
        try authorize(stationId)
        let payload = try EventRegistry.encode(command.event)
        let event = NewEvent(
            eventId: command.eventId, type: payload.type, schemaVersion: payload.schemaVersion, data: payload.data,
            occurredAt: command.occurredAt, actor: command.actor, stationId: stationId)
        if ReferenceDataLock.isNeeded(for: streamId) {
            return try await decideAndAppendHoldingLock(
                command, on: streamId, expectedVersion: expectedVersion, event: event, payload: payload)
        }
        let decided: [CommandDecision.Decided]
        do {
            if let expectedVersion, expectedVersion != history.version {
                throw CommandError.versionMismatch(current: history.version)
            }
            let reference = try await references.referenceData(stationEvents: read.categoryCount, from: store)
            decided = try CommandDecision.decide(command, on: streamId, given: history, reference: reference, encoded: payload)
        } catch let refusal where refusal is Rejection || refusal is CommandError {
            // A retry of a command that was recorded is refused by the state it left
            // ("already logged"): answer it as the repeat it is.
            return try await repeatOrConflict(event, of: command, on: streamId, else: refusal)
        }
        // The append itself answers a repeat whose decision still passes, and a reused id.
        return try await store.append(decided.map(\.row), to: streamId, expected: history.expectedVersion)
    }

    /// `result`, unless it is a repeat of an event stored at another `occurredAt` than the
    /// client gave: the append recognises repeats by stream, type and data, and a client's
    /// own time is part of what it asked to record (a second call at another time is not
    /// the first one again), so that is ``EventStoreError/eventIdConflict``.
    private func confirmedRepeat(_ result: AppendResult, of command: Command, on streamId: String) async throws -> AppendResult {
        guard result.isRepeat, !command.timeChosenByServer else { return result }
        let payload = try EventRegistry.encode(command.event)
        let probe = NewEvent(
            eventId: command.eventId, type: payload.type, schemaVersion: payload.schemaVersion, data: payload.data,
            occurredAt: command.occurredAt, actor: command.actor, stationId: "")
        guard case .same = try await store.match(probe, streamId: streamId, comparingTime: true) else {
            throw EventStoreError.eventIdConflict
        }
        return result
    }

    /// The original answer when `event` is already stored with the same content (its time
    /// included unless the server chose it), ``EventStoreError/eventIdConflict`` when its
    /// id is stored with other content, else `refusal`.
    private func repeatOrConflict(
        _ event: NewEvent, of command: Command, on streamId: String, else refusal: any Error
    ) async throws -> AppendResult {
        switch try await store.match(event, streamId: streamId, comparingTime: !command.timeChosenByServer) {
        case .same(let original): return original
        case .different: throw EventStoreError.eventIdConflict
        case .absent: throw refusal
        }
    }

    /// Decides and appends a command on a station stream in one transaction that holds the
    /// ``ReferenceDataLock``, against the stream and the reference data as read after
    /// taking it, so a community id no other station had when it was checked is still
    /// free when it is appended.
    private func decideAndAppendHoldingLock(
        _ command: Command, on streamId: String, expectedVersion: Int?, event: NewEvent, payload: EncodedPayload
    ) async throws -> AppendResult {
        do {
            return try await store.pool.withTransaction { connection in
                try await ReferenceDataLock.acquire(on: connection)
                let stations = try await store.readStreams([streamId], andCategory: StreamKind.station.rawValue, on: connection)
                let history = try StreamHistory(recorded: stations.filter { $0.streamId == streamId })
                if let expectedVersion, expectedVersion != history.version {
                    throw CommandError.versionMismatch(current: history.version)
                }
                let decided = try CommandDecision.decide(
                    command, on: streamId, given: history, reference: try ReferenceData(recorded: stations), encoded: payload)
                return try await store.append(
                    decided.map(\.row), to: streamId, expected: history.expectedVersion, on: connection)
            }
        } catch let refusal where refusal is Rejection || refusal is CommandError {
            // A retry of this very command may have held the lock first and recorded it;
            // then this is a repeat, not a second registration.
            return try await repeatOrConflict(event, of: command, on: streamId, else: refusal)
        }
    }
}
