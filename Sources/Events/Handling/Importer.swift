public import Foundation
public import Logging

/// Records an NDJSON file of events, one `{"type", "data", "eventId", "occurredAt",
/// "actor"?}` a line, with the same rules as single commands, in order, in batches.
///
/// This is how a station migrates years of paper records, so it is built for speed: per
/// batch one query reads every stream the batch touches (and the station streams, the
/// reference data), one query looks up every event id, each line is decided in memory
/// against the history as the batch has grown it, and the accepted events are written in
/// one statement. When another writer appended to one of those streams in between, the
/// write fails on the unique stream version and the batch is read and decided again. A
/// batch that writes to a station stream does all of this in one transaction holding the
/// ``ReferenceDataLock``, as the command handler does for such commands, so a community id
/// stays unique across stations when registrations race.
///
/// Accepted lines are durable once their batch is written; a refused line changes
/// nothing; importing the same file again records nothing new (its lines are duplicates).
public struct Importer: Sendable {
    /// The log the importer reads and appends to.
    public let store: EventStore
    /// Lines decided and written together.
    public let batchSize: Int
    /// How often a batch is decided again after losing a race with another writer.
    public let maximumAttempts: Int
    /// Lines longer than this are refused without being held in memory (the routes' body
    /// limit).
    public static let maximumLineBytes = 1 << 20
    private let logger: Logger

    /// An importer on `store`; `batchSize` trades memory and transaction length for speed.
    public init(store: EventStore, logger: Logger, batchSize: Int = 2000, maximumAttempts: Int = 5) {
        precondition(batchSize > 0, "a batch needs at least one line")
        self.store = store
        self.logger = logger
        self.batchSize = batchSize
        self.maximumAttempts = maximumAttempts
    }

    /// Imports the NDJSON in `chunks`, which may cut lines anywhere, as `actor` with `role`
    /// (a line's own `actor` wins); `progress` is called after every batch.
    ///
    /// Throws only for failures of the database or of `chunks` itself; every problem with
    /// a line is reported in ``ImportReport/rejected``. Batches written before such a
    /// failure stay written.
    public func run<Chunks: AsyncSequence>(
        _ chunks: Chunks, actor: String, role: ActorRole, now: Date = Date(),
        progress: (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportReport where Chunks.Element: Sequence, Chunks.Element.Element == UInt8 {
        var splitter = NDJSONLineSplitter(maximumLineBytes: Self.maximumLineBytes)
        var pending: [NDJSONLineSplitter.Line] = []
        var report = ImportReport()
        var done = ImportProgress(lines: 0, bytes: 0, accepted: 0, duplicates: 0, rejected: 0)
        // The batch being read on other cores while the one before it is decided and written.
        var reading: ReadingBatch?
        func write(_ batch: ReadingBatch) async throws {
            try await importBatch(await batch.parsed.value, firstLine: batch.firstLine, now: now, into: &report)
            done.lines += batch.lineCount
            done.bytes += batch.byteCount
            done.accepted = report.accepted
            done.duplicates = report.duplicates
            done.rejected = report.rejected.count
            progress(done)
        }
        func enqueue(_ lines: ArraySlice<NDJSONLineSplitter.Line>) async throws {
            let next = ReadingBatch(lines, parsed: Task { await parse(lines, actor: actor, role: role, now: now) })
            if let previous = reading { try await write(previous) }
            reading = next
        }
        do {
            var iterator = chunks.makeAsyncIterator()
            var unreadable: (any Error)?
            while true {
                let chunk: Chunks.Element?
                do {
                    chunk = try await iterator.next()
                } catch {
                    // The lines read in full before the input failed are still recorded.
                    unreadable = error
                    break
                }
                guard let chunk else { break }
                pending.append(contentsOf: splitter.feed(chunk))
                while pending.count >= batchSize {
                    try await enqueue(pending.prefix(batchSize))
                    pending.removeFirst(batchSize)
                }
            }
            if unreadable == nil {
                if let last = splitter.finish() { pending.append(last) }
                if !pending.isEmpty { try await enqueue(pending[...]) }
            }
            if let last = reading {
                reading = nil
                try await write(last)
            }
            if let unreadable { throw unreadable }
        } catch {
            reading?.parsed.cancel()
            // Batches already written stay written: say what they held.
            guard report.entries > 0 else { throw error }
            throw ImportInterrupted(report: report, cause: error)
        }
        logger.info("import finished", metadata: [
            "accepted": "\(report.accepted)", "duplicates": "\(report.duplicates)", "rejected": "\(report.rejected.count)",
        ])
        return report
    }

    /// A batch's lines, being read into entries by a task of its own.
    private struct ReadingBatch {
        let firstLine: Int
        let lineCount: Int
        let byteCount: Int
        let parsed: Task<[ImportLine.Parsed?], Never>

        init(_ lines: ArraySlice<NDJSONLineSplitter.Line>, parsed: Task<[ImportLine.Parsed?], Never>) {
            firstLine = lines.first?.number ?? 0
            lineCount = lines.count
            byteCount = lines.reduce(0) { $0 + $1.byteCount }
            self.parsed = parsed
        }
    }

    /// Decides and writes one batch of read lines, again after a lost race.
    private func importBatch(
        _ parsedLines: [ImportLine.Parsed?], firstLine: Int, now: Date, into report: inout ImportReport
    ) async throws {
        var entries: [ImportLine] = []
        var refused: [ImportRejection] = []
        for parsed in parsedLines {
            switch parsed {
            case .entry(let entry)?: entries.append(entry)
            case .rejected(let rejection)?: refused.append(rejection)
            case nil: break
            }
        }
        let holdsLock = entries.contains { ReferenceDataLock.isNeeded(for: $0.streamId) }
        var attempt = 1
        while true {
            do {
                let batch: DecidedBatch
                if holdsLock {
                    batch = try await store.pool.withTransaction { connection in
                        try await ReferenceDataLock.acquire(on: connection)
                        return try await decideAndWrite(entries, now: now, on: connection)
                    }
                } else {
                    batch = try await store.pool.withConnection { connection in
                        try await decideAndWrite(entries, now: now, on: connection)
                    }
                }
                report.accepted += batch.accepted
                report.duplicates += batch.duplicates
                report.rejected += (refused + batch.rejected).sorted { $0.line < $1.line }
                if let position = batch.lastPosition { report.lastPosition = max(report.lastPosition ?? 0, position) }
                return
            } catch where Self.lostARace(error) && attempt >= maximumAttempts {
                logger.info("a batch kept losing to other writers", metadata: ["error": "\(String(reflecting: error))"])
                throw EventStoreError.busy
            } catch where Self.lostARace(error) {
                attempt += 1
                logger.debug("another writer appended while a batch was decided; deciding it again", metadata: [
                    "firstLine": "\(firstLine)",
                ])
            }
        }
    }

    /// Whether a batch failed only because another writer got there first: a stream
    /// version or event id taken meanwhile (``EventStoreError/raced``), or a deadlock or
    /// serialization failure with a writer appending to the same streams in another order
    /// (40P01, 40001). Deciding the batch again on what is stored now is then the answer.
    static func lostARace(_ error: any Error) -> Bool {
        if let error = error as? EventStoreError { return error.code == .raced }
        guard let error = error as? PostgresError else { return false }
        return error.code == .deadlockDetected || error.code == .serializationFailure
    }

    /// Reads the batch's lines on every core (reading is pure and most of an import's
    /// work); nil for a blank line. Keeps the lines' order.
    private func parse(
        _ lines: ArraySlice<NDJSONLineSplitter.Line>, actor: String, role: ActorRole, now: Date
    ) async -> [ImportLine.Parsed?] {
        let lines = Array(lines)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 100))
        let share = (lines.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [ImportLine.Parsed?]).self) { group in
            for start in stride(from: 0, to: lines.count, by: share) {
                let part = lines[start..<min(start + share, lines.count)]
                group.addTask {
                    (start, part.map { Self.parse($0, actor: actor, role: role, now: now) })
                }
            }
            var parsed = [ImportLine.Parsed?](repeating: nil, count: lines.count)
            for await (start, part) in group {
                parsed.replaceSubrange(start..<start + part.count, with: part)
            }
            return parsed
        }
    }

    private static func parse(
        _ line: NDJSONLineSplitter.Line, actor: String, role: ActorRole, now: Date
    ) -> ImportLine.Parsed? {
        guard let content = line.content else {
            return .rejected(ImportRejection(
                line: line.number, eventId: nil, reason: .malformed,
                detail: "the line is longer than \(maximumLineBytes) bytes"))
        }
        guard content.contains(where: { !isWhitespace($0) }) else { return nil }
        return ImportLine.parse(content, number: line.number, actor: actor, role: role, now: now)
    }

    /// Decides the batch and writes what it accepted, all on `connection`: inside a
    /// transaction that holds the ``ReferenceDataLock`` when the batch writes to a station
    /// stream, so its community registrations are checked against every station as it
    /// stands when they are written.
    private func decideAndWrite(_ entries: [ImportLine], now: Date, on connection: PostgresConnection) async throws -> DecidedBatch {
        var batch = try await decide(entries, now: now, on: connection)
        let written = try await store.append(versioned: batch.events, on: connection)
        batch.lastPosition = [batch.lastPosition, written].compactMap(\.self).max()
        return batch
    }

    /// What one batch decided, before it is written.
    private struct DecidedBatch: Sendable {
        var events: [(streamId: String, streamVersion: Int, event: NewEvent)] = []
        var accepted = 0
        var duplicates = 0
        var rejected: [ImportRejection] = []
        var lastPosition: Int64?
    }

    /// Decides every entry in order against the stored histories, grown in memory by the
    /// entries accepted before it.
    private func decide(_ entries: [ImportLine], now: Date, on connection: PostgresConnection) async throws -> DecidedBatch {
        var batch = DecidedBatch()
        guard !entries.isEmpty else { return batch }
        let streamIds = Array(Set(entries.map(\.streamId)))
        let recorded = try await store.readStreams(streamIds, andCategory: StreamKind.station.rawValue, on: connection)
        var histories: [String: StreamHistory] = [:]
        for (streamId, rows) in Dictionary(grouping: recorded, by: \.streamId) {
            histories[streamId] = try StreamHistory(recorded: rows)
        }
        var reference = ReferenceData(stations: histories.compactMap { streamId, history in
            StreamKind(streamId: streamId) == .station ? StationLifecycle.state(of: history) : nil
        })
        let probes = entries.map { entry in
            (streamId: entry.streamId, event: NewEvent(
                eventId: entry.command.eventId, type: entry.payload.type, schemaVersion: entry.payload.schemaVersion,
                data: entry.payload.data, occurredAt: entry.command.occurredAt, actor: entry.command.actor, stationId: ""))
        }
        let stored = try await store.match(probes, comparingTimes: true, on: connection)
        // Event ids accepted earlier in this batch, with what they were accepted as.
        var acceptedIds: [UUID: (streamId: String, type: String, data: Data, occurredAt: Date)] = [:]

        for (index, entry) in entries.enumerated() {
            let eventId = entry.command.eventId
            func refuse(_ reason: ImportRejection.Reason, _ detail: String) {
                batch.rejected.append(ImportRejection(line: entry.number, eventId: eventId, reason: reason, detail: detail))
            }
            switch stored[index] {
            case .same(let original):
                batch.duplicates += 1
                batch.lastPosition = max(batch.lastPosition ?? 0, original.globalPosition)
                continue
            case .different:
                refuse(.eventIdConflict, EventStoreError.eventIdConflict.description)
                continue
            case .absent:
                break
            }
            if let earlier = acceptedIds[eventId] {
                if earlier == (entry.streamId, entry.payload.type, entry.payload.data, entry.command.occurredAt) {
                    batch.duplicates += 1
                } else {
                    refuse(.eventIdConflict, EventStoreError.eventIdConflict.description)
                }
                continue
            }
            let history = histories[entry.streamId] ?? .empty
            let grown: StreamHistory
            let appended: [(streamId: String, streamVersion: Int, event: NewEvent)]
            do {
                let decided = try CommandDecision.decide(
                    entry.command, on: entry.streamId, given: history, reference: reference, encoded: entry.payload)
                (grown, appended) = try grow(history, by: decided, on: entry.streamId, now: now)
            } catch let error as CommandError {
                refuse(.streamNotFound, error.description)
                continue
            } catch let rejection as Rejection {
                batch.rejected.append(ImportRejection(line: entry.number, eventId: eventId, rejection: rejection))
                continue
            } catch {
                refuse(.ruleViolation, "the record could not be read back with this entry: \(error)")
                continue
            }
            histories[entry.streamId] = grown
            batch.events += appended
            batch.accepted += 1
            acceptedIds[eventId] = (entry.streamId, entry.payload.type, entry.payload.data, entry.command.occurredAt)
            if StreamKind(streamId: entry.streamId) == .station, let stationId = grown.stationId {
                reference.communitiesByStation[stationId] = StationLifecycle.state(of: grown).map { Set($0.communities.keys) }
            }
        }
        return batch
    }

    /// The history with `decided` appended, and the decided rows at their stream versions.
    private func grow(
        _ history: StreamHistory, by decided: [CommandDecision.Decided], on streamId: String, now: Date
    ) throws -> (StreamHistory, [(streamId: String, streamVersion: Int, event: NewEvent)]) {
        var envelopes = history.envelopes
        var rows: [(streamId: String, streamVersion: Int, event: NewEvent)] = []
        for (offset, decision) in decided.enumerated() {
            let row = decision.row
            let version = history.version + offset + 1
            rows.append((streamId, version, row))
            envelopes.append(EventEnvelope(
                eventId: row.eventId, streamId: streamId, streamVersion: version, globalPosition: 0,
                occurredAt: row.occurredAt, recordedAt: now, actor: row.actor, stationId: row.stationId,
                schemaVersion: row.schemaVersion, event: decision.event))
        }
        return (try StreamHistory(envelopes), rows)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
