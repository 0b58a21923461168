import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing
import TestSupport

@testable import app

/// The server, its projector and a replay work as `ledger_app`, never with the schema
/// owner's rights; only `migrate` works as the connecting user.
@Suite(.database)
struct ServerPoolRoleTests {
    private func pool(asOwner: Bool) async throws -> ConnectionPool {
        let database = try TestDatabase.require()
        return try await Database.connect(
            url: database.url, database: database.name, bounds: try WaitBounds(environment: [:]), maximumConnections: 4,
            asOwner: asOwner, logger: Logger(label: "test"))
    }

    private struct Rights {
        let user: String
        let ownerRights: Bool
        let mayInsert: Bool
    }

    private func rights(on pool: ConnectionPool) async throws -> Rights {
        let rows = try await pool.withConnection { connection in
            try await connection.query("""
                select current_user::text as user_name,
                       pg_has_role(current_user, (select relowner from pg_class where oid = 'ledger.events'::regclass), 'USAGE') as owner_rights,
                       has_table_privilege('ledger.events', 'INSERT') as may_insert
                """)
        }
        let row = try #require(rows.first)
        return Rights(user: try row.decode("user_name"), ownerRights: try row.decode("owner_rights"), mayInsert: try row.decode("may_insert"))
    }

    @Test func theServersPoolIsNotTheOwnerAndMigrateIs() async throws {
        let server = try await pool(asOwner: false)
        let serverRights = try await rights(on: server)
        #expect(serverRights.user == Database.appRole)
        #expect(!serverRights.ownerRights)
        #expect(!serverRights.mayInsert)
        await server.close()

        let migrate = try await pool(asOwner: true)
        let migrateRights = try await rights(on: migrate)
        #expect(migrateRights.user != Database.appRole)
        #expect(migrateRights.ownerRights)
        await migrate.close()
    }

    @Test func writesProjectionAndReplayWorkAsTheAppRole() async throws {
        let logger = Logger(label: "test")
        let pool = try await pool(asOwner: false)
        let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.migrationsDirectory), logger: logger)
        let database = Database(pool: pool, migrator: migrator, logger: logger)
        let projector = Projector(pool: pool, logger: logger)
        try await projector.install()
        let admin = try await TokenStore(pool: pool).create(role: .admin, stationIds: [], name: "admin").token
        let station = "st\(UUID().uuidString.prefix(6).lowercased())"
        let router = buildRouter(database: database, openAPI: try OpenAPIController(root: TestDatabase.projectRoot), logger: logger)
        try await Application(router: router).test(.router) { client in
            try await client.expect(.post, "/stations", token: admin, body: ["stationId": station, "name": "Fengqiao"], status: .created)
        }
        try await projector.catchUp()
        for projection in Projection.allCases {
            _ = try await Replayer(pool: pool, logger: logger).replay(projection)
        }
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                "select count(*) as tables from pg_tables where schemaname = 'projections' and tableowner <> $1 and tablename not in ('versions', 'parked_streams')",
                [Database.appRole])
        }
        #expect(try rows.first?.decode("tables", as: Int.self) == 0)
        let versions = try await pool.withConnection { connection in
            try await connection.query("select count(*) as active from projections.versions where state = 'active' and version > 1")
        }
        #expect(try versions.first?.decode("active", as: Int.self) == Projection.allCases.count)
        await pool.close()
    }
}
