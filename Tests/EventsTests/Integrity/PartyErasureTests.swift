import Events
import Foundation
import Logging
import Testing
import TestSupport

/// Parties are stored sealed under keys of their own, read back for people, and erased
/// by destroying their keys; the log, its chain and the dispute's state stay as they were.
@Suite(.database)
struct PartyErasureTests {
    static let at = Date(timeIntervalSince1970: 1_709_280_000)
    let logger = Logger(label: "test")

    private func station(_ id: String, _ handler: CommandHandler) async throws {
        _ = try await handler.handle(
            Command(.stationRegistered(StationRegistered(stationId: id, name: "Fengqiao")), occurredAt: Self.at, actor: "a", role: .admin),
            on: StreamKind.stationStreamId(id))
    }

    private func logged(_ id: UUID, station: String, parties: [DisputeLogged.Party]) -> Command {
        Command(.disputeLogged(DisputeLogged(disputeId: id, stationId: station, category: .family, discoveredVia: .walkIn,
                                             summary: "a quarrel over a wall", parties: parties)),
                occurredAt: Self.at, actor: "clerk")
    }

    private func stored(_ streamId: String) async throws -> [RecordedEvent] {
        try await TestDatabase.require().store.readStream(streamId)
    }

    private func parties(_ event: RecordedEvent) throws -> JSONValue? {
        guard case .object(let payload) = try JSONValue(parsing: event.data) else { return nil }
        return payload["parties"]
    }

    @Test func partiesAreStoredSealedReadBackAndARetryIsStillARepeat() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: logger)
        try await station("seal", handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        let command = logged(id, station: "seal", parties: [.init(name: "王芳", phone: "13800000000"), .init(name: "Li Lei")])
        let first = try await handler.handle(command, on: stream)
        let raw = String(decoding: try await stored(stream)[0].data, as: UTF8.self)
        #expect(!raw.contains("王芳") && !raw.contains("13800000000") && !raw.contains("Li Lei"))
        #expect(raw.contains("sealed:v1:"))
        #expect(raw.contains("a quarrel over a wall"), "free text is not sealed")

        let revealed = try await store.revealingParties(try await stored(stream))
        #expect(try parties(revealed[0]) == .array([
            .object(["name": .string("王芳"), "phone": .string("13800000000")]), .object(["name": .string("Li Lei")]),
        ]))

        // The same command again, and the same event through the bulk path, are repeats.
        let again = try await handler.handle(command, on: stream)
        #expect(again.isRepeat && again.entries == first.entries)
        let row = try NewEvent(encoding: command.event, eventId: command.eventId, occurredAt: Self.at, actor: "clerk", stationId: "seal")
        #expect(try await store.match([(stream, row)], comparingTimes: true) == [.same(AppendResult(streamId: stream, entries: first.entries, isRepeat: true))])
        var other = command
        other.event = logged(id, station: "seal", parties: [.init(name: "王芳", phone: "13900000000")]).event
        await #expect(throws: EventStoreError.eventIdConflict) { try await handler.handle(other, on: stream) }

        let report = try await LogVerifier(store: store, logger: logger).verify()
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func aNameThatLooksSealedIsRefused() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: logger)
        try await station("shape", handler)
        let id = UUID()
        let error = await #expect(throws: Rejection.self) {
            try await handler.handle(logged(id, station: "shape", parties: [.init(name: "sealed:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]),
                                     on: StreamKind.disputeStreamId(id))
        }
        #expect(error?.field == "parties[0].name")
        #expect(try await stored(StreamKind.disputeStreamId(id)).isEmpty)
    }

    @Test func erasingDestroysTheKeysRecordsTheErasureAndLeavesTheRestAlone() async throws {
        let database = try TestDatabase.require()
        let store = database.store
        let handler = CommandHandler(store: store, logger: logger)
        try await station("erase", handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        _ = try await handler.handle(logged(id, station: "erase", parties: [.init(name: "Wang", phone: "138"), .init(name: "Li")]), on: stream)
        _ = try await handler.handle(
            Command(.mediationHeld(MediationHeld(mechanism: .peoples, outcome: .agreement)), occurredAt: Self.at.addingTimeInterval(60), actor: "clerk"),
            on: stream)
        _ = try await handler.handle(
            Command(.disputeResolved(DisputeResolved(method: .mediation, resolutionLevel: .community)),
                    occurredAt: Self.at.addingTimeInterval(120), actor: "clerk"),
            on: stream)
        let before = try await stored(stream)
        let stateBefore = try DisputeLifecycle.state(of: StreamHistory(recorded: before))

        let eraser = PartyEraser(store: store, logger: logger)
        let erasure = try await eraser.erase(disputeId: id, partyIndexes: [0], reason: "the person asked", actor: "admin-1")
        #expect(erasure.partyIndexes == [0])
        let after = try await stored(stream)
        #expect(Array(after.prefix(before.count)) == before, "the stored events are untouched")
        #expect(after.count == before.count + 1)
        #expect(after.last?.type == "PartyDataErased")
        var stateAfter = try DisputeLifecycle.state(of: StreamHistory(recorded: after))
        #expect(stateAfter?.status == .resolved)
        stateAfter?.followUps = stateBefore?.followUps ?? 0
        #expect(stateAfter == stateBefore)

        let revealed = try await store.revealingParties(after)
        #expect(try parties(revealed[0]) == .array([.object(["erased": .bool(true)]), .object(["name": .string("Li")])]))
        let connection = try await database.connect()
        let keys = try await connection.query(
            "select party_index, key is null as gone, erased_by from ledger.party_keys where stream_id = $1 order by party_index", [stream])
        await connection.close()
        #expect(try keys.map { try $0.decode("gone", as: Bool.self) } == [true, false])
        #expect(try keys.first?.decode("erased_by", as: String.self) == "admin-1")

        // Nothing left at 0; the rest with no list; then nothing at all.
        await #expect(throws: PartyErasureError.nothingToErase([0])) {
            try await eraser.erase(disputeId: id, partyIndexes: [0, 1], reason: "again", actor: "admin-1")
        }
        #expect(try await eraser.erase(disputeId: id, partyIndexes: nil, reason: "all of them", actor: "admin-1").partyIndexes == [1])
        await #expect(throws: PartyErasureError.nothingToErase([])) {
            try await eraser.erase(disputeId: id, partyIndexes: nil, reason: "again", actor: "admin-1")
        }
        let unknown = UUID()
        await #expect(throws: CommandError.streamNotFound(StreamKind.disputeStreamId(unknown))) {
            try await eraser.erase(disputeId: unknown, partyIndexes: nil, reason: "no such", actor: "admin-1")
        }
        await #expect(throws: Rejection.self) {
            try await eraser.erase(disputeId: id, partyIndexes: nil, reason: " ", actor: "admin-1")
        }

        // The erasure cannot be retracted, and the log still verifies.
        let erasureId = try #require(erasure.result.entries.first?.eventId)
        let retraction = await #expect(throws: Rejection.self) {
            try await handler.handle(
                Command(.entryRetracted(EntryRetracted(targetEventId: erasureId, reason: "undo")), occurredAt: Date(), actor: "clerk"),
                on: stream)
        }
        #expect(retraction?.code == .invalidCorrection)
        let report = try await LogVerifier(store: store, logger: logger).verify()
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func amendedPartiesAreSealedAndErasedByTheirPlace() async throws {
        let store = try TestDatabase.require().store
        let handler = CommandHandler(store: store, logger: logger)
        try await station("amend", handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        let first = try await handler.handle(logged(id, station: "amend", parties: [.init(name: "Wang")]), on: stream)
        let target = try #require(first.entries.first?.eventId)
        _ = try await handler.handle(
            Command(.entryAmended(EntryAmended(targetEventId: target, changes: [
                "parties": .array([.object(["name": .string("Wang Fang"), "phone": .string("13912345678")])]),
            ], reason: "misspelt")), occurredAt: Self.at.addingTimeInterval(60), actor: "clerk"),
            on: stream)
        let raw = String(decoding: try await stored(stream)[1].data, as: UTF8.self)
        #expect(!raw.contains("Wang Fang") && !raw.contains("13912345678"))
        let opened = try await store.revealingParties(try await stored(stream))
        guard case .object(let amended) = try JSONValue(parsing: opened[1].data) else { Issue.record("not an object"); return }
        #expect(amended["changes"] == .object(["parties": .array([.object(["name": .string("Wang Fang"), "phone": .string("13912345678")])])]))

        _ = try await PartyEraser(store: store, logger: logger).erase(disputeId: id, partyIndexes: [0], reason: "asked", actor: "a")
        let revealed = try await store.revealingParties(try await stored(stream))
        #expect(try parties(revealed[0]) == .array([.object(["erased": .bool(true)])]))
        guard case .object(let amendment) = try JSONValue(parsing: revealed[1].data) else { Issue.record("not an object"); return }
        #expect(amendment["changes"] == .object(["parties": .array([.object(["erased": .bool(true)])])]))
        let report = try await LogVerifier(store: store, logger: logger).verify()
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func anImportCannotRecordAnErasure() async throws {
        let line = """
            {"type": "PartyDataErased", "eventId": "\(UUID().uuidString.lowercased())", "data": {"disputeId": "\(UUID().uuidString.lowercased())", "partyIndexes": [0], "reason": "x"}, "occurredAt": "2024-03-01T00:00:00Z"}
            """
        let chunks = AsyncStream<[UInt8]> { continuation in
            continuation.yield(Array((line + "\n").utf8))
            continuation.finish()
        }
        let report = try await Importer(store: try TestDatabase.require().store, logger: logger)
            .run(chunks, actor: "import", role: .admin)
        #expect(report.accepted == 0)
        #expect(report.rejected.first?.detail.contains("erase-party") == true, "\(report.rejected)")
    }
}
