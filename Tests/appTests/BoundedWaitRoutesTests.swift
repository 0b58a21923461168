import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestSupport

@testable import app

/// A saturated pool answers 503 with `Retry-After` instead of hanging, and `/metrics`
/// shows how old the oldest open transaction is.
@Suite(.database)
struct BoundedWaitRoutesTests {
    @Test func aRequestThatFindsNoFreeConnectionIs503WithRetryAfter() async throws {
        let database = try TestDatabase.require()
        let logger = Logger(label: "test")
        let admin = try await TokenStore(pool: database.pool).create(role: .admin, stationIds: [], name: "admin").token
        let pool = ConnectionPool(url: database.url, database: database.name, maximumConnections: 1,
                                  leaseTimeout: .milliseconds(300), logger: logger)
        let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.migrationsDirectory), logger: logger)
        let router = buildRouter(database: Database(pool: pool, migrator: migrator, logger: logger),
                                 openAPI: try OpenAPIController(root: TestDatabase.projectRoot), logger: logger)
        let held = await HeldConnection.take(from: pool)
        try await Application(router: router).test(.router) { client in
            let unknown = "/disputes/\(UUID().uuidString.lowercased())"
            let busy = try await client.expect(.get, unknown, token: admin, status: .serviceUnavailable)
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.headers[.contentType] == "application/problem+json")
            #expect((busy["detail"] as? String)?.contains("busy") == true)
            try await held.release()
            try await client.expect(.get, unknown, token: admin, status: .notFound)
        }
        await pool.close()
    }

    @Test func aStatementOrLockWaitThatRanOutOfTimeIs503() async throws {
        let database = try TestDatabase.require()
        let pool = ConnectionPool(url: database.url, database: database.name, maximumConnections: 1,
                                  session: SessionSettings(statementTimeout: .milliseconds(100)), logger: Logger(label: "test"))
        do {
            try await pool.withConnection { try await $0.query("select pg_sleep(10)") }
            Issue.record("the statement outlived its timeout")
        } catch {
            let problem = try #require(Problem(error))
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.headers[.retryAfter] == "5")
        }
        await pool.close()
    }

    @Test func metricsShowTheAgeOfTheOldestOpenTransaction() async throws {
        let database = try TestDatabase.require()
        let fixture = try await AppFixture.make()
        let idle = try await database.connect()
        try await idle.query("begin")
        try await idle.query("select 1")
        try await Task.sleep(for: .milliseconds(1100))
        try await fixture.test { client in
            try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil) { response in
                let text = String(buffer: response.body)
                let line = text.split(separator: "\n").first { $0.hasPrefix("ledger_oldest_transaction_seconds ") }
                let value = line.flatMap { Double($0.split(separator: " ").last ?? "") }
                #expect((value ?? 0) >= 1, "\(line ?? "no gauge")")
            }
        }
        try await idle.query("commit")
        await idle.close()
    }

    @Test func timeoutsComeFromTheEnvironmentInMilliseconds() throws {
        let defaults = try WaitBounds(environment: [:])
        #expect(defaults.session.statementTimeout == .seconds(30))
        #expect(defaults.session.lockTimeout == .seconds(10))
        #expect(defaults.leaseTimeout == .seconds(5))
        let set = try WaitBounds(environment: [
            "LEDGER_STATEMENT_TIMEOUT": "1500", "LEDGER_LOCK_TIMEOUT": "0", "LEDGER_POOL_LEASE_TIMEOUT": "250",
        ])
        #expect(set.session.statementTimeout == .milliseconds(1500))
        #expect(set.session.lockTimeout == .zero)
        #expect(set.leaseTimeout == .milliseconds(250))
        #expect(throws: (any Error).self) { try WaitBounds(environment: ["LEDGER_LOCK_TIMEOUT": "10s"]) }
        #expect(throws: (any Error).self) { try WaitBounds(environment: ["LEDGER_POOL_LEASE_TIMEOUT": "0"]) }
    }
}
