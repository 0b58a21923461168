import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct EventStoreTests {
    private func event(_ type: String = "Noted", _ data: String = #"{"n": 1}"#, id: UUID = UUID()) -> NewEvent {
        NewEvent(eventId: id, type: type, data: Data(data.utf8), actor: "tester", stationId: "s1")
    }

    private func stream() -> String { "test-\(UUID().uuidString.lowercased())" }

    @Test func appendsAndReadsAStreamInOrder() async throws {
        let store = try TestDatabase.require().store
        let id = stream()
        let first = try await store.append([event(), event("Other")], to: id, expected: .noStream)
        #expect(first.entries.map(\.streamVersion) == [1, 2])
        #expect(first.entries[0].globalPosition < first.entries[1].globalPosition)
        #expect(!first.isRepeat)
        _ = try await store.append([event()], to: id, expected: .exact(2))
        _ = try await store.append([event()], to: id, expected: .any)
        let read = try await store.readStream(id)
        #expect(read.map(\.streamVersion) == [1, 2, 3, 4])
        #expect(read.map(\.type) == ["Noted", "Other", "Noted", "Noted"])
        #expect(read.allSatisfy { $0.streamId == id && $0.actor == "tester" && $0.stationId == "s1" })
        #expect(read[0].category == "test")
    }

    @Test func storesTimesToTheMicrosecond() async throws {
        let store = try TestDatabase.require().store
        let occurred = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let new = NewEvent(type: "Timed", data: Data("{}".utf8), occurredAt: occurred, actor: "a", stationId: "s")
        let id = stream()
        _ = try await store.append([new], to: id, expected: .noStream)
        let stored = try #require(try await store.readStream(id).first)
        #expect(PostgresTime.microseconds(stored.occurredAt) == 1_700_000_000_123_456)
        #expect(abs(stored.recordedAt.timeIntervalSinceNow) < 60)
    }

    @Test func concurrentAppendersWithTheSameExpectedVersionOnlyOneWins() async throws {
        let store = try TestDatabase.require().store
        let id = stream()
        _ = try await store.append([event()], to: id, expected: .noStream)
        let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        return .success(try await store.append([event()], to: id, expected: .exact(1)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let successes = outcomes.filter { if case .success = $0 { true } else { false } }
        let conflicts = outcomes.compactMap { outcome -> EventStoreError? in
            if case .failure(let error) = outcome { return error as? EventStoreError }
            return nil
        }
        #expect(successes.count == 1)
        #expect(conflicts.count == 7)
        #expect(conflicts.allSatisfy { $0.currentVersion == 2 })
        let versions = try await store.readStream(id).map(\.streamVersion)
        #expect(versions == [1, 2])
    }

    @Test func expectingNoStreamFailsOnAnExistingStream() async throws {
        let store = try TestDatabase.require().store
        let id = stream()
        _ = try await store.append([event()], to: id, expected: .noStream)
        await #expect(throws: EventStoreError.wrongExpectedVersion(current: 1)) {
            try await store.append([event()], to: id, expected: .noStream)
        }
        await #expect(throws: EventStoreError.wrongExpectedVersion(current: 1)) {
            try await store.append([event()], to: id, expected: .exact(3))
        }
    }

    @Test func sameEventIdSameContentIsARepeatOtherContentIsAConflict() async throws {
        let database = try TestDatabase.require()
        let store = database.store
        let id = stream()
        let eventId = UUID()
        let original = try await store.append([event(id: eventId)], to: id, expected: .any)
        let again = try await store.append([event(id: eventId)], to: id, expected: .any)
        #expect(again.isRepeat)
        #expect(again.entries == original.entries)
        await #expect(throws: EventStoreError.eventIdConflict) {
            try await store.append([event("Noted", #"{"n": 2}"#, id: eventId)], to: id, expected: .any)
        }
        await #expect(throws: EventStoreError.eventIdConflict) {
            try await store.append([event(id: eventId)], to: stream(), expected: .any)
        }
        let count = try await database.pool.withConnection { connection in
            try await connection.query("select count(*) as n from ledger.events where event_id = $1", [eventId])
                .first?.decode("n", as: Int.self)
        }
        #expect(count == 1)
    }

    @Test func oneEventIdRacedIntoTwoStreamsLandsOnceAndTheOtherIsAConflict() async throws {
        let store = try TestDatabase.require().store
        for _ in 0..<5 {
            let eventId = UUID()
            let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            return .success(try await store.append([event(id: eventId)], to: stream(), expected: .noStream))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let failures = outcomes.compactMap { outcome -> (any Error)? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(failures.count == 1)
            #expect(failures.allSatisfy { ($0 as? EventStoreError)?.code == .eventIdConflict }, "\(failures)")
        }
    }

    @Test func theLogRefusesUpdateDeleteAndTruncate() async throws {
        let database = try TestDatabase.require()
        _ = try await database.store.append([event()], to: stream(), expected: .noStream)
        for statement in [
            "update ledger.events set actor = 'mallory'",
            "delete from ledger.events",
            "truncate ledger.events",
        ] {
            await #expect(throws: PostgresError.self, "\(statement)") {
                try await database.pool.withConnection { try await $0.query(statement) }
            }
        }
        let actors = try await database.pool.withConnection { connection in
            try await connection.query("select count(*) as n from ledger.events where actor = 'mallory'")
                .first?.decode("n", as: Int.self)
        }
        #expect(actors == 0)
    }

    @Test func theAppRoleMayAppendButNeverChangeTheLog() async throws {
        let database = try TestDatabase.require()
        let pool = ConnectionPool(url: database.url, database: database.name, maximumConnections: 1, sessionRole: "ledger_app", logger: .init(label: "test"))
        let store = EventStore(pool: pool, logger: .init(label: "test"))
        let result = try await store.append([event()], to: stream(), expected: .noStream)
        #expect(result.streamVersion == 1)
        let rights = try await pool.withConnection { connection in
            try await connection.query("""
                select current_user as who,
                       has_table_privilege('ledger.events', 'INSERT') as may_insert,
                       has_table_privilege('ledger.events', 'UPDATE') or has_table_privilege('ledger.events', 'DELETE')
                           or has_table_privilege('ledger.events', 'TRUNCATE') as may_change
                """).first
        }
        #expect(rights?["who"] == "ledger_app")
        // Appends go through the SECURITY DEFINER functions only (migration 0013).
        #expect(try rights?.decode("may_insert", as: Bool.self) == false)
        #expect(try rights?.decode("may_change", as: Bool.self) == false)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try await $0.query("delete from ledger.events") }
        }
        #expect(error?.code == "42501")
        await pool.close()
    }

    @Test func aReaderTailingTheLogNeverSkipsALateCommit() async throws {
        let database = try TestDatabase.require()
        let store = database.store
        let writers = 12
        let eventsPerWriter = 15
        let expected = writers * eventsPerWriter
        let tailer = Task {
            var seen: [UUID] = []
            var trail: [String] = []
            var cursor = LogCursor.start
            let deadline = ContinuousClock.now + .seconds(60)
            while seen.count < expected, ContinuousClock.now < deadline {
                let page = try await store.readAll(after: cursor, limit: 7)
                for recorded in page where recorded.type == "Gap" {
                    seen.append(recorded.eventId)
                }
                if let last = page.last {
                    trail.append(page.map { "\($0.transactionId)/\($0.globalPosition)" }.joined(separator: ","))
                    cursor = LogCursor(transactionId: last.transactionId, globalPosition: last.globalPosition)
                } else {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            if seen.count != expected { Issue.record("pages read (txid/position): \(trail.joined(separator: " | "))") }
            return seen
        }
        let written = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var ids: [UUID] = []
                    for index in 0..<eventsPerWriter {
                        let new = event("Gap", #"{"writer": \#(writer)}"#)
                        if (writer + index) % 4 == 0 {
                            // Hold the transaction open after the insert so a later
                            // position commits first.
                            _ = try await database.pool.withTransaction { connection in
                                let result = try await store.append([new], to: "gap-\(writer)", expected: .any, on: connection)
                                try await Task.sleep(for: .milliseconds(100))
                                return result
                            }
                        } else {
                            _ = try await store.append([new], to: "gap-\(writer)", expected: .any)
                        }
                        ids.append(new.eventId)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let seen = try await tailer.value
        for missing in Set(written).subtracting(seen) {
            let row = try await database.pool.withConnection { connection in
                try await connection.query(
                    "select transaction_id::text as t, global_position as p, recorded_at::text as r from ledger.events where event_id = $1",
                    [missing]).first
            }
            Issue.record("never read: \(missing) txid=\(row?["t"] ?? "-") pos=\(row?["p"] ?? "-") at \(row?["r"] ?? "-")")
        }
        #expect(seen.count == expected)
        #expect(Set(seen).count == seen.count, "an event was seen twice")
        #expect(Set(seen) == Set(written), "the reader skipped an event")
    }
}
