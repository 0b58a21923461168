import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import NIOCore
import Testing
import TestSupport

@testable import app

/// A router on the suite's database, with one token per role.
struct AppFixture: Sendable {
    let database: TestDatabase
    let app: Database
    let admin: String
    let station: String
    let community: String

    /// A fresh fixture: a station with one community registered through the API.
    static func make() async throws -> AppFixture {
        let database = try TestDatabase.require()
        let logger = Logger(label: "test")
        let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.migrationsDirectory), logger: logger)
        let admin = try await TokenStore(pool: database.pool).create(role: .admin, stationIds: [], name: "admin").token
        try await Projector(pool: database.pool, logger: logger).install()
        let fixture = AppFixture(
            database: database, app: Database(pool: database.pool, migrator: migrator, logger: logger), admin: admin,
            station: "st\(UUID().uuidString.prefix(6).lowercased())",
            community: "co\(UUID().uuidString.prefix(6).lowercased())"
        )
        let (station, community) = (fixture.station, fixture.community)
        try await fixture.test { client in
            try await client.expect(.post, "/stations", token: admin, body: ["stationId": station, "name": "Fengqiao"], status: .created)
            try await client.expect(.post, "/stations/\(station)/communities", token: admin,
                                    body: ["communityId": community, "name": "Wanyuan", "areaClass": "urban"], status: .created)
        }
        return fixture
    }

    /// Applies every event stored so far to the projections, as the server's projector
    /// would; repeated because a concurrent test's catch-up may hold a projection's lock.
    func catchUp() async throws {
        let logger = Logger(label: "test")
        let head = try await database.store.headPosition()
        let monitor = ProjectionMonitor(pool: database.pool)
        for _ in 0..<50 {
            _ = try await Projector(pool: database.pool, logger: logger).catchUp()
            if (try? await monitor.waitForPosition(head, timeout: .milliseconds(100))) != nil { return }
        }
        Issue.record("the projections did not catch up with position \(head)")
    }

    /// A token of `role` for `stations`.
    func token(_ role: ActorRole, stations: [String]? = nil) async throws -> String {
        try await TokenStore(pool: database.pool).create(role: role, stationIds: stations ?? [station], name: "\(role.rawValue)-user").token
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = buildRouter(database: app, openAPI: try OpenAPIController(root: TestDatabase.projectRoot), web: try WebController(root: TestDatabase.projectRoot), logger: Logger(label: "test"))
        try await Application(router: router).test(.router, body)
    }
}

/// The JSON answer of a test request.
struct Answer: @unchecked Sendable {
    // The JSON is parsed once and only read afterwards.
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: [String: Any]

    subscript(_ key: String) -> Any? { json[key] }
}

extension TestClientProtocol {
    /// Sends a JSON request and returns the answer, checking its status.
    @discardableResult
    func expect(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, body: [String: any Sendable]? = nil,
        headers extra: HTTPFields = [:], status: HTTPResponse.Status,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = headers[.contentType] ?? "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body as [String: Any]))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let data = Data(response.body.readableBytesView)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            #expect(response.status == status, "\(method) \(uri): \(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
            return Answer(status: response.status, headers: response.headers, json: json)
        }
    }
}
