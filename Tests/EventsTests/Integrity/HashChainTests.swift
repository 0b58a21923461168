import Events
import Foundation
import Logging
import Testing
import TestSupport

/// The hash chain and the station digests, against rows changed the way only someone
/// with the database's superuser rights could (the suite's connection is one).
@Suite(.database)
struct HashChainTests {
    static let at = Date(timeIntervalSince1970: 1_709_280_000)

    /// A station and a dispute of three events on it; returns the dispute's stream id.
    private func dispute(station: String, handler: CommandHandler) async throws -> String {
        let stationStream = StreamKind.stationStreamId(station)
        if try await handler.store.readStream(stationStream).isEmpty {
            _ = try await handler.handle(
                Command(.stationRegistered(StationRegistered(stationId: station, name: "Fengqiao")), occurredAt: Self.at, actor: "a", role: .admin),
                on: stationStream)
        }
        let disputeId = UUID()
        let stream = StreamKind.disputeStreamId(disputeId)
        let steps: [DomainEvent] = [
            .disputeLogged(DisputeLogged(disputeId: disputeId, stationId: station, category: .family, discoveredVia: .walkIn,
                                         summary: "a quarrel over a wall")),
            .mediationHeld(MediationHeld(mechanism: .peoples, outcome: .adjourned)),
            .mediationHeld(MediationHeld(mechanism: .peoples, outcome: .agreement)),
        ]
        for (index, step) in steps.enumerated() {
            _ = try await handler.handle(
                Command(step, occurredAt: Self.at.addingTimeInterval(Double(index) * 60), actor: "clerk"), on: stream)
        }
        return stream
    }

    private func verify(_ store: EventStore, asOf position: Int64? = nil) async throws -> LogVerifier.Report {
        try await LogVerifier(store: store, logger: Logger(label: "test")).verify(asOfPosition: position, batchSize: 2)
    }

    /// Runs `statements` as the superuser in one transaction with the log's append-only
    /// trigger switched off (the other tests' appends wait for it).
    private func tamper(_ statements: String..., parameters: [(any PostgresBindable)?] = []) async throws {
        let connection = try await TestDatabase.require().connect()
        do {
            try await connection.withTransaction {
                try await connection.query("alter table ledger.events disable trigger events_no_update_or_delete")
                for sql in statements { _ = try await connection.query(sql, sql.contains("$1") ? parameters : []) }
                try await connection.query("alter table ledger.events enable trigger events_no_update_or_delete")
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// The streams among `streams` that the report names (the suite's tests share a log).
    private func named(_ report: LogVerifier.Report, among streams: Set<String>) -> Set<String> {
        Set(report.findings.map(\.streamId)).intersection(streams)
    }

    @Test func aCleanLogPassesAndTheDatabaseAndTheVerifierAgreeOnEveryHash() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let stream = try await dispute(station: "clean", handler: handler)
        let report = try await verify(store)
        #expect(named(report, among: [stream, StreamKind.stationStreamId("clean")]).isEmpty, "\(report.findings)")
        #expect(report.events > 0)
        #expect(report.digests.contains { $0.stationId == "clean" && $0.streams == 2 && $0.digest.count == 64 })
    }

    @Test func anAlteredRowIsNamedAndTheRestPass() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let altered = try await dispute(station: "alter", handler: handler)
        let untouched = try await dispute(station: "alter", handler: handler)
        try await tamper(
            "update ledger.events set data = data || '{\"summary\": \"nothing happened\"}' where stream_id = $1 and stream_version = 1",
            parameters: [altered])
        let report = try await verify(store)
        #expect(named(report, among: [altered, untouched]) == [altered])
        #expect(report.findings.contains { $0.streamId == altered && $0.problem.hasPrefix("the hash chain breaks at version 1") })
    }

    @Test func aChangedActorOrTimeIsNamedToo() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let byActor = try await dispute(station: "envelope", handler: handler)
        let byTime = try await dispute(station: "envelope", handler: handler)
        try await tamper("update ledger.events set actor = 'someone else' where stream_id = $1 and stream_version = 2", parameters: [byActor])
        try await tamper(
            "update ledger.events set occurred_at = occurred_at + interval '1 microsecond' where stream_id = $1 and stream_version = 3",
            parameters: [byTime])
        let report = try await verify(store)
        #expect(report.findings.contains { $0.streamId == byActor && $0.problem.hasPrefix("the hash chain breaks at version 2") })
        #expect(report.findings.contains { $0.streamId == byTime && $0.problem.hasPrefix("the hash chain breaks at version 3") })
    }

    @Test func aDeletedRowIsNamedEvenWhenTheLaterVersionsAreRenumbered() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let gap = try await dispute(station: "delete", handler: handler)
        let renumbered = try await dispute(station: "delete", handler: handler)
        let untouched = try await dispute(station: "delete", handler: handler)
        try await tamper("delete from ledger.events where stream_id = $1 and stream_version = 2", parameters: [gap])
        try await tamper("delete from ledger.events where stream_id = $1 and stream_version = 2", parameters: [renumbered])
        try await tamper("update ledger.events set stream_version = 2 where stream_id = $1 and stream_version = 3", parameters: [renumbered])
        let report = try await verify(store)
        #expect(named(report, among: [gap, renumbered, untouched]) == [gap, renumbered])
        #expect(report.findings.contains { $0.streamId == renumbered && $0.problem.hasPrefix("the hash chain breaks at version 2") })
    }

    @Test func swappedVersionsAreNamed() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let swapped = try await dispute(station: "swap", handler: handler)
        try await tamper("update ledger.events set stream_version = 1000 where stream_id = $1 and stream_version = 2", parameters: [swapped])
        try await tamper("update ledger.events set stream_version = 2 where stream_id = $1 and stream_version = 3", parameters: [swapped])
        try await tamper("update ledger.events set stream_version = 3 where stream_id = $1 and stream_version = 1000", parameters: [swapped])
        let report = try await verify(store)
        #expect(named(report, among: [swapped]) == [swapped])
        #expect(report.findings.contains { $0.streamId == swapped && $0.problem.hasPrefix("the hash chain breaks at version 2") })
    }

    @Test func aRowInsertedWithAForgedHashIsNamed() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let stream = try await dispute(station: "insert", handler: handler)
        // The chain trigger is off only inside this transaction, so no other test's append misses it.
        try await tamper(
            "alter table ledger.events disable trigger events_chain",
            """
            insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id, hash)
            values (gen_random_uuid(), $1, 4, 'MediationHeld', '{"mechanism": "police", "outcome": "agreement"}',
                    '2024-03-02T00:00:00Z', 'intruder', 'insert', sha256('forged'))
            """,
            "alter table ledger.events enable trigger events_chain",
            parameters: [stream])
        let report = try await verify(store)
        #expect(report.findings.contains { $0.streamId == stream && $0.problem.hasPrefix("the hash chain breaks at version 4") })
    }

    @Test func theDatabaseRefusesAVersionWithoutItsPredecessor() async throws {
        let connection = try await TestDatabase.require().connect()
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("""
                insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id)
                values (gen_random_uuid(), 'dispute-orphan', 2, 'MediationHeld', '{}', now(), 'intruder', 's1')
                """)
        }
        #expect(error?.code == .missingPredecessor)
        await connection.close()
    }

    @Test func aDigestIgnoresLaterAppendsAndChangesWhenAnEarlierEventIsRewrittenWithFreshHashes() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: Logger(label: "test"))
        let early = try await dispute(station: "digest-a", handler: handler)
        _ = try await dispute(station: "digest-b", handler: handler)
        let position = try await store.headPosition()
        let before = try await verify(store, asOf: position)
        let digestA = try #require(before.digests.first { $0.stationId == "digest-a" })
        let digestB = try #require(before.digests.first { $0.stationId == "digest-b" })

        // Later work, on another station and on the same one, leaves the digests as of the position alone.
        _ = try await dispute(station: "digest-b", handler: handler)
        _ = try await dispute(station: "digest-a", handler: handler)
        let later = try await verify(store, asOf: position)
        #expect(named(later, among: [early]).isEmpty)
        #expect(later.digests.first { $0.stationId == "digest-a" } == digestA)
        #expect(later.digests.first { $0.stationId == "digest-b" } == digestB)
        #expect(try await verify(store).digests.first { $0.stationId == "digest-a" } != digestA)

        // Rewriting an early event and every stored hash after it keeps each chain
        // consistent, so only the digest written down shows the change.
        try await tamper(
            "update ledger.events set data = data || '{\"summary\": \"nothing happened\"}' where stream_id = $1 and stream_version = 1",
            parameters: [early])
        try await tamper("""
            do $$
            declare
                v_row  record;
                v_prev bytea := '\\x0000000000000000000000000000000000000000000000000000000000000000';
            begin
                for v_row in select * from ledger.events where stream_id = '\(early)' order by stream_version loop
                    v_prev := ledger.event_hash(v_row.event_id, v_row.stream_id, v_row.stream_version, v_row.type,
                                                v_row.schema_version, v_row.occurred_at, v_row.actor, v_row.station_id,
                                                v_row.data, v_prev);
                    update ledger.events set hash = v_prev where global_position = v_row.global_position;
                end loop;
            end;
            $$
            """)
        let rewritten = try await verify(store, asOf: position)
        #expect(named(rewritten, among: [early]).isEmpty, "the forger kept the chain consistent")
        #expect(rewritten.digests.first { $0.stationId == "digest-a" } != digestA)
        #expect(rewritten.digests.first { $0.stationId == "digest-b" } == digestB)
    }

    @Test func theMigrationChainsEventsStoredBeforeIt() async throws {
        let database = try await TestDatabase.create(migrate: false)
        do {
            try await database.migrate(through: 14)
            let handler = CommandHandler(store: database.store, logger: Logger(label: "test"))
            _ = try await dispute(station: "old", handler: handler)
            _ = try await dispute(station: "old", handler: handler)
            try await database.migrate()
            let report = try await verify(database.store)
            #expect(report.findings.isEmpty, "\(report.findings)")
            #expect(report.events == 7)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}
