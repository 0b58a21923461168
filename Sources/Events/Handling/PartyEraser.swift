public import Foundation
public import Logging

/// Erases the names and phone numbers of a dispute's parties by destroying their keys
/// (crypto-shredding), and records the erasure as a `PartyDataErased` on the dispute, in
/// one transaction: either both happen or neither.
///
/// The events keep their sealed bytes, so the log, its hash chain, the figures and a
/// replay are unchanged; only the plain text is gone, from every copy of the log.
public struct PartyEraser: Sendable {
    /// What an erasure did.
    public struct Erasure: Sendable, Equatable {
        /// The `PartyDataErased` appended.
        public let result: AppendResult
        /// The places in the dispute's parties whose keys were destroyed.
        public let partyIndexes: [Int]
    }

    private let store: EventStore
    private let logger: Logger

    /// An eraser working on `store`.
    public init(store: EventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Destroys the keys of the dispute's parties at `partyIndexes`, or of all its parties
    /// when nil, and records it as done by `actor` for `reason`.
    ///
    /// Throws ``CommandError/streamNotFound(_:)`` for an unknown dispute, a
    /// ``PartyErasureError`` when a place asked for has no key left (then nothing is
    /// erased), and a ``Rejection`` for an empty reason.
    public func erase(disputeId: UUID, partyIndexes: [Int]?, reason: String, actor: String) async throws -> Erasure {
        let streamId = StreamKind.disputeStreamId(disputeId)
        // The reason is checked before any key is touched.
        try PartyDataErased(partyIndexes: partyIndexes ?? [0], reason: reason).validate()
        let erasure = try await store.pool.withTransaction { connection in
            let read = try await store.readStreams([streamId], andCategory: StreamKind.station.rawValue, on: connection)
            let history = try StreamHistory(recorded: read.filter { $0.streamId == streamId })
            guard history.version > 0 else { throw CommandError.streamNotFound(streamId) }
            let erased = try await connection.execute(Self.eraseStatement, [
                streamId, partyIndexes.map { PostgresArray($0) }, actor,
            ]).map { try $0.decode("party_index", as: Int.self) }
            let places = Set(erased).sorted()
            let missing = Set(partyIndexes ?? []).subtracting(places).sorted()
            guard missing.isEmpty, !places.isEmpty else { throw PartyErasureError.nothingToErase(missing) }
            // Dated now, or at the dispute's latest entry when that lies (a little) ahead.
            let now = Date()
            let latest = history.effective.last?.occurredAt ?? now
            let command = Command(
                .partyDataErased(PartyDataErased(partyIndexes: places, reason: reason)),
                occurredAt: max(now, latest), actor: actor, role: .admin)
            let decided = try CommandDecision.decide(
                command, on: streamId, given: history, reference: try ReferenceData(recorded: read.filter { $0.streamId != streamId }))
            let result = try await store.append(
                decided.map(\.row), to: streamId, expected: history.expectedVersion, on: connection)
            return Erasure(result: result, partyIndexes: places)
        }
        logger.info("party data erased", metadata: [
            "stream": "\(streamId)", "parties": "\(erasure.partyIndexes)", "actor": "\(actor)",
        ])
        return erasure
    }

    private static let eraseStatement = PreparedStatement(
        name: "ledger_erase_party_keys",
        sql: "select party_index from ledger.erase_party_keys($1, $2::integer[], $3)"
    )
}
