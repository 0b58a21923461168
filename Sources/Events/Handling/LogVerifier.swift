public import Logging

/// Checks the whole log: every stream numbered 1, 2, 3 … without gaps, every event
/// readable (decoded and upcast), every stream's effective history legal under today's
/// rules, and the database still refusing changes to the log.
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
    }

    private let store: EventStore
    private let logger: Logger

    /// A verifier reading `store`.
    public init(store: EventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Reads the log stream by stream; `progress` gets the events checked so far.
    public func verify(batchSize: Int = 5_000, progress: @Sendable (Int) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        if try await !logIsProtected() {
            report.findings.append(Finding(streamId: "ledger.events", problem: "the append-only triggers are missing"))
        }
        let reference = try ReferenceData(recorded: try await store.readCategory(StreamKind.station.rawValue))
        var after: (streamId: String, version: Int) = ("", 0)
        var pending: [RecordedEvent] = []
        while true {
            let page = try await store.readStreams(after: after, limit: batchSize)
            guard let last = page.last else { break }
            after = (last.streamId, last.streamVersion)
            for event in page {
                if let current = pending.first?.streamId, current != event.streamId {
                    check(pending, reference: reference, into: &report)
                    pending = []
                }
                pending.append(event)
            }
            report.events += page.count
            progress(report.events)
        }
        if !pending.isEmpty { check(pending, reference: reference, into: &report) }
        return report
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
