import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing
import TestSupport

@testable import app

/// The server answers 503 while its database is down and recovers by itself.
@Suite struct DatabaseOutageTests {
    @Test func aStoppedDatabaseIs503ThenTheServerRecoversWithoutARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-outage-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "test")
        let cluster = EmbeddedCluster.throwaway(in: directory, port: Int.random(in: 50_000..<60_000))
        try cluster.start()
        defer { try? cluster.stop() }
        let pool = ConnectionPool(url: cluster.url(database: "postgres"), maximumConnections: 2, logger: logger)
        let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.migrationsDirectory), logger: logger)
        try await pool.withConnection { try await migrator.migrate(on: $0) }
        let admin = try await TokenStore(pool: pool).create(role: .admin, stationIds: [], name: "admin").token
        try await Projector(pool: pool, logger: logger).install()
        let router = buildRouter(database: Database(pool: pool, migrator: migrator, logger: logger), openAPI: try OpenAPIController(root: TestDatabase.projectRoot), logger: logger)
        let body: [String: any Sendable] = ["stationId": "s1", "name": "Fengqiao"]

        try await Application(router: router).test(.router) { client in
            try await client.expect(.get, "/ready", token: nil, status: .ok)
            try cluster.stop()
            let down = try await client.expect(.post, "/stations", token: admin, body: body, status: .serviceUnavailable)
            #expect(down.headers[.retryAfter] == "5")
            #expect((down["detail"] as? String)?.contains("unavailable") == true)
            try await client.expect(.get, "/ready", token: nil, status: .serviceUnavailable)
            try cluster.start()
            try await client.expect(.post, "/stations", token: admin, body: body, status: .created)
            try await client.expect(.get, "/ready", token: nil, status: .ok)
        }
        await pool.close()
    }
}
