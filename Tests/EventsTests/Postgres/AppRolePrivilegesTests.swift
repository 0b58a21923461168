import Events
import Foundation
import Logging
import Testing
import TestSupport

/// The application role appends only through the ledger functions: it has no direct write
/// to the log, so it can neither pick a row's transaction id or position nor change a row.
@Suite(.database)
struct AppRolePrivilegesTests {
    private static let insufficientPrivilege: SQLState = "42501"

    /// A pool on the suite's database working as `ledger_app`, as every command but `migrate` does.
    private func appRolePool() throws -> ConnectionPool {
        let database = try TestDatabase.require()
        return ConnectionPool(url: database.url, database: database.name, maximumConnections: 2, sessionRole: "ledger_app",
                              logger: Logger(label: "test"))
    }

    private func newEvent() -> NewEvent {
        NewEvent(type: "Noted", data: Data(#"{"n": 1}"#.utf8), actor: "tester", stationId: "s1")
    }

    @Test func aDirectInsertIsRefusedWhileTheAppendFunctionsWork() async throws {
        let pool = try appRolePool()
        let store = EventStore(pool: pool, logger: Logger(label: "test"))
        let stream = "test-\(UUID().uuidString.lowercased())"
        let appended = try await store.append([newEvent()], to: stream, expected: .noStream)
        #expect(appended.entries.map(\.streamVersion) == [1])
        let batchStream = "test-\(UUID().uuidString.lowercased())"
        let last = try await store.append(versioned: [(batchStream, 1, newEvent())])
        #expect(last != nil)

        let statements = [
            """
            insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id)
            values (gen_random_uuid(), '\(stream)', 2, 'Noted', '{}', now(), 'intruder', 's1')
            """,
            """
            insert into ledger.events (global_position, transaction_id, event_id, stream_id, stream_version, type, data,
                                       occurred_at, actor, station_id)
            overriding system value
            values (1000000, '1'::xid8, gen_random_uuid(), '\(stream)', 2, 'Noted', '{}', now(), 'intruder', 's1')
            """,
            "update ledger.events set actor = 'intruder' where stream_id = '\(stream)'",
            "delete from ledger.events where stream_id = '\(stream)'",
            "truncate ledger.events",
        ]
        for sql in statements {
            let error = await #expect(throws: PostgresError.self, "\(sql)") {
                try await pool.withConnection { try await $0.query(sql) }
            }
            #expect(error?.code == Self.insufficientPrivilege, "\(sql): \(String(reflecting: error))")
        }
        #expect(try await store.readStream(stream).map(\.actor) == ["tester"])
        await pool.close()
    }

    @Test func theAppRoleReachesPartyKeysOnlyThroughTheFunctions() async throws {
        let pool = try appRolePool()
        let store = EventStore(pool: pool, logger: Logger(label: "test"))
        let disputeId = UUID()
        let stream = StreamKind.disputeStreamId(disputeId)
        let logged = try NewEvent(
            encoding: .disputeLogged(DisputeLogged(disputeId: disputeId, stationId: "s1", category: .family, discoveredVia: .walkIn,
                                                   parties: [.init(name: "Wang", phone: "138")])),
            occurredAt: Date(), actor: "tester", stationId: "s1")
        _ = try await store.append([logged], to: stream, expected: .noStream)
        let shown = try await store.revealingParties(try await store.readStream(stream))
        #expect(String(decoding: shown[0].data, as: UTF8.self).contains("Wang"))
        for sql in [
            "select key from ledger.party_keys",
            "update ledger.party_keys set key = null",
            "delete from ledger.party_keys",
            "insert into ledger.party_keys (event_id, party_index, stream_id, key) values (gen_random_uuid(), 0, 'x', sha256('k'))",
        ] {
            let error = await #expect(throws: PostgresError.self, "\(sql)") {
                try await pool.withConnection { try await $0.query(sql) }
            }
            #expect(error?.code == Self.insufficientPrivilege, "\(sql): \(String(reflecting: error))")
        }
        await pool.close()
    }

    @Test func theAppendFunctionsRunAsTheirOwnerWithAFixedSearchPath() async throws {
        let database = try TestDatabase.require()
        let rows = try await database.pool.withConnection { connection in
            try await connection.query("""
                select p.proname, p.prosecdef, array_to_string(p.proconfig, ',') as config,
                       has_function_privilege('public', p.oid, 'EXECUTE') as public_may_run,
                       has_function_privilege('ledger_app', p.oid, 'EXECUTE') as app_may_run,
                       p.proowner = (select relowner from pg_class where oid = 'ledger.events'::regclass) as owned_by_log_owner
                  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'ledger' and (p.proname like 'append%' or p.proname like '%party_keys%')
                 order by p.proname
                """)
        }
        // Later append functions follow the same pattern, so every one is checked; so do
        // the only doors to the party keys.
        #expect(Set(try rows.map { try $0.decode("proname", as: String.self) }).isSuperset(of: [
            "append_batch", "append_events", "party_keys_for", "party_keys_of", "erase_party_keys",
        ]))
        for row in rows {
            let name: String = try row.decode("proname")
            #expect(try row.decode("prosecdef", as: Bool.self), "\(name)")
            #expect(try row.decode("config", as: String.self) == "search_path=pg_catalog, pg_temp", "\(name)")
            #expect(try !row.decode("public_may_run", as: Bool.self), "\(name)")
            #expect(try row.decode("app_may_run", as: Bool.self), "\(name)")
            #expect(try row.decode("owned_by_log_owner", as: Bool.self), "\(name)")
        }
    }
}
