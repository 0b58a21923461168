import Foundation
public import Logging

/// Checks the whole log: every stream's hash chain intact, numbered 1, 2, 3 … without
/// gaps, every event readable (decoded and upcast), every stream's effective history legal
/// under today's rules, and the database still refusing changes to the log; and digests
/// each station's stream heads as of a position (``StationDigest``).
///
/// The chain is recomputed here from the rows as read, independently of the database
/// function that stored it, so a replaced function or a row rewritten with a fresh hash
/// still shows (the latter in the digests).
public struct LogVerifier: Sendable {
    /// One thing found wrong.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The stream concerned, or `ledger.events` for the log as a whole.
        public let streamId: String
        /// What is wrong, in one sentence.
        public let problem: String

        /// `stream-id: problem`, one line.
        public var description: String { "\(streamId): \(problem)" }
    }

    /// What a verification found.
    public struct Report: Sendable, Equatable {
        /// Streams checked.
        public var streams = 0
        /// Events checked.
        public var events = 0
        /// What was found wrong; empty for a sound log.
        public var findings: [Finding] = []
        /// The position the digests are taken at.
        public var asOfPosition: Int64 = 0
        /// One per station that had a stream by then, by station id.
        public var digests: [StationDigest] = []
    }

    private let store: EventStore
    private let logger: Logger

    /// A verifier reading `store`.
    public init(store: EventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Reads the log stream by stream; `progress` gets the events checked so far.
    ///
    /// The digests are taken as of `asOfPosition`, or of the log's head when it is nil.
    public func verify(
        asOfPosition: Int64? = nil, batchSize: Int = 5_000, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Report {
        var report = Report()
        var asOf = asOfPosition ?? 0
        if asOfPosition == nil { asOf = try await store.headPosition() }
        report.asOfPosition = asOf
        if try await !logIsProtected() {
            report.findings.append(Finding(streamId: "ledger.events", problem: "the append-only triggers are missing"))
        }
        let reference = try ReferenceData(recorded: try await store.readCategory(StreamKind.station.rawValue))
        var heads: [String: [(streamId: String, version: Int, hash: Data)]] = [:]
        var after: (streamId: String, version: Int) = ("", 0)
        var pending: [ChainedEvent] = []
        func finish() {
            if let head = checkChain(pending, asOf: asOf, into: &report) {
                heads[head.stationId, default: []].append((head.streamId, head.version, head.hash))
            }
            check(pending.map(\.event), reference: reference, into: &report)
            pending = []
        }
        while true {
            let page = try await store.readChain(after: after, limit: batchSize)
            guard let last = page.last else { break }
            after = (last.event.streamId, last.event.streamVersion)
            for event in page {
                if let current = pending.first?.event.streamId, current != event.event.streamId { finish() }
                pending.append(event)
            }
            report.events += page.count
            progress(report.events)
        }
        if !pending.isEmpty { finish() }
        report.digests = heads.keys.sorted().map { stationId in
            StationDigest(stationId: stationId, asOfPosition: asOf, heads: heads[stationId] ?? [])
        }
        return report
    }

    /// Recomputes a stream's chain, naming the first event whose stored hash differs, and
    /// returns its head as of `position` (nil when the stream had no event by then).
    private func checkChain(
        _ events: [ChainedEvent], asOf position: Int64, into report: inout Report
    ) -> (stationId: String, streamId: String, version: Int, hash: Data)? {
        var previous = EventHash.genesis
        var broken = false
        var head: (stationId: String, streamId: String, version: Int, hash: Data)?
        for event in events {
            let hash = EventHash.of(event, previous: previous)
            if !broken, event.storedHash != hash {
                broken = true
                report.findings.append(Finding(
                    streamId: event.event.streamId,
                    problem: "the hash chain breaks at version \(event.event.streamVersion): an event was altered, removed, reordered or inserted after it was stored"))
            }
            if event.event.globalPosition <= position {
                head = (event.event.stationId, event.event.streamId, event.event.streamVersion, hash)
            }
            previous = hash
        }
        return head
    }

    private func check(_ events: [RecordedEvent], reference: ReferenceData, into report: inout Report) {
        guard let streamId = events.first?.streamId else { return }
        report.streams += 1
        for (index, event) in events.enumerated() where event.streamVersion != index + 1 {
            report.findings.append(Finding(streamId: streamId, problem: "version \(event.streamVersion) stands where \(index + 1) belongs"))
            return
        }
        let history: StreamHistory
        do {
            history = try StreamHistory(recorded: events)
        } catch {
            report.findings.append(Finding(streamId: streamId, problem: "an event cannot be read: \(error)"))
            return
        }
        guard let kind = StreamKind(streamId: streamId) else {
            report.findings.append(Finding(streamId: streamId, problem: "the stream id names no known kind of record"))
            return
        }
        do {
            switch kind {
            case .dispute: _ = try DisputeLifecycle.replay(history.effective, reference: reference)
            case .alert: _ = try AlertLifecycle.replay(history.effective, reference: reference)
            case .station:
                // A station's own registrations are what it replays; the rest is the others'.
                var others = reference.communitiesByStation
                others[history.stationId ?? ""] = nil
                _ = try StationLifecycle.replay(history.effective, reference: ReferenceData(communitiesByStation: others))
            }
        } catch {
            report.findings.append(Finding(streamId: streamId, problem: "its history breaks a rule: \(error.description)"))
        }
    }

    private func logIsProtected() async throws -> Bool {
        try await store.pool.withConnection { connection in
            let rows = try await connection.query("""
                select count(*) as triggers from pg_trigger
                 where tgrelid = 'ledger.events'::regclass
                   and tgname in ('events_no_update_or_delete', 'events_no_truncate') and tgenabled <> 'D'
                """)
            return try rows.first?.decode("triggers", as: Int.self) == 2
        }
    }
}
