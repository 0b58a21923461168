import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct ConnectionPoolTests {
    @Test func aBrokenConnectionIsReplacedNotReused() async throws {
        let database = try TestDatabase.require()
        let pool = ConnectionPool(url: database.url, database: database.name, maximumConnections: 1, logger: Logger(label: "test"))
        let firstPid: Int = try await pool.withConnection { try await $0.query("select pg_backend_pid() as pid").first?.decode("pid") ?? 0 }
        let admin = try await database.connect()
        try await admin.query("select pg_terminate_backend($1)", [firstPid])
        await admin.close()
        // The terminated connection fails once, is discarded, and the next lease is fresh.
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try await $0.query("select 1") }
        }
        let secondPid: Int = try await pool.withConnection { try await $0.query("select pg_backend_pid() as pid").first?.decode("pid") ?? 0 }
        #expect(secondPid != firstPid)
        #expect(secondPid != 0)
        await pool.close()
    }

    @Test func thePoolNeverOpensMoreThanItsBound() async throws {
        let database = try TestDatabase.require()
        let pool = ConnectionPool(url: database.url, database: database.name, maximumConnections: 3, logger: Logger(label: "test"))
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try await connection.query("select pg_sleep(0.02)")
                        return try await connection.query("select pg_backend_pid() as pid").first?.decode("pid") ?? 0
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(pids.count <= 3)
        #expect(pids.count >= 1)
        await pool.close()
    }

    @Test func serverErrorsCarryTheirSQLStateButNotTheirTextInDescription() async throws {
        let database = try TestDatabase.require()
        let error = await #expect(throws: PostgresError.self) {
            try await database.pool.withConnection { try await $0.query("select 1/0 as secret_value") }
        }
        #expect(error?.code == "22012")
        #expect(error?.description.contains("secret_value") == false)
        #expect(error?.debugDescription.contains("division by zero") == true)
    }

    @Test func unreachableServerIsReportedAsUnavailable() async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(url: "postgresql://127.0.0.1:1/nothing?connect_timeout=2")
        }
        #expect(error?.isUnavailable == true)
    }
}

@Suite(.database)
struct ParameterTests {
    @Test func aParameterHoldingNULIsRefusedBeforeItIsSent() async throws {
        let database = try TestDatabase.require()
        let error = await #expect(throws: PostgresError.self) {
            try await database.pool.withConnection { try await $0.query("select $1::text as t", ["a\u{0}b"]) }
        }
        #expect(error?.description.contains("NUL") == true)
        let echoed: String? = try await database.pool.withConnection {
            try await $0.query("select $1::text as t", ["plain"]).first?.decode("t")
        }
        #expect(echoed == "plain")
    }
}
