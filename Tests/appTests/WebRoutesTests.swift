import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// The web pages are served without a token and with the right types; the API behind
/// them still demands one; `GET /me` tells a token's role and stations.
@Suite(.database)
struct WebRoutesTests {
    @Test func thePageAndItsFilesAreServedWithoutATokenWithTheirTypes() async throws {
        let fixture = try await AppFixture.make()
        let index = try String(contentsOf: TestDatabase.projectRoot.appendingPathComponent("web/index.html"), encoding: .utf8)
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(String(buffer: response.body) == index)
            }
            for (file, type) in [("app.js", "text/javascript; charset=utf-8"), ("style.css", "text/css; charset=utf-8"),
                                 ("index.html", "text/html; charset=utf-8")] {
                try await client.execute(uri: "/ui/\(file)", method: .get) { response in
                    #expect(response.status == .ok, "\(file)")
                    #expect(response.headers[.contentType] == type, "\(file)")
                    #expect(response.body.readableBytes > 0, "\(file)")
                }
            }
        }
    }

    @Test func everyScriptThePageImportsIsServed() async throws {
        let fixture = try await AppFixture.make()
        let directory = TestDatabase.projectRoot.appendingPathComponent("web")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".js") }
        var imported: Set<String> = ["app.js"]
        for script in scripts {
            let text = try String(contentsOf: directory.appendingPathComponent(script), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                if let start = line.range(of: "\"./"), let end = line[start.upperBound...].firstIndex(of: "\"") {
                    imported.insert(String(line[start.upperBound..<end]))
                }
            }
        }
        #expect(imported.count > 5, "the imports of web/*.js were not read")
        let names = imported.sorted()
        try await fixture.test { client in
            for name in names {
                try await client.execute(uri: "/ui/\(name)", method: .get) { response in
                    #expect(response.status == .ok, "\(name) is imported but not served")
                    #expect(response.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
                }
            }
        }
    }

    @Test func namesOutsideTheServedFilesAre404() async throws {
        let fixture = try await AppFixture.make()
        try await fixture.test { client in
            for uri in ["/ui/missing.js", "/ui/..%2FPackage.swift", "/ui/%2E%2E", "/ui/README.md"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                }
            }
        }
    }

    @Test func theAPIBehindThePageStillDemandsAToken() async throws {
        let fixture = try await AppFixture.make()
        try await fixture.test { client in
            for uri in ["/me", "/disputes", "/stats/disputes?from=2024-01-01&to=2024-12-31"] {
                try await client.expect(.get, uri, token: nil, status: .unauthorized)
                try await client.expect(.get, uri, token: "lgr_not-a-token", status: .unauthorized)
            }
        }
    }

    @Test func meTellsTheRoleAndOnlyTheStationsTheTokenMaySee() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let outsider = try await fixture.token(.clerk, stations: ["elsewhere"])
        let supervisor = try await fixture.token(.supervisor, stations: [])
        let station = fixture.station
        let community = fixture.community
        try await fixture.test { client in
            let mine = try await client.expect(.get, "/me", token: clerk, status: .ok)
            #expect(mine["role"] as? String == "clerk")
            #expect(mine["name"] as? String == "clerk-user")
            #expect(mine["stationIds"] as? [String] == [station])
            let stations = try #require(mine["stations"] as? [[String: Any]])
            #expect(stations.map { $0["stationId"] as? String } == [station])
            #expect(stations.first?["responseTargetMinutes"] as? Int == 10)
            let communities = try #require(stations.first?["communities"] as? [[String: Any]])
            #expect(communities.map { $0["communityId"] as? String } == [community])

            let other = try await client.expect(.get, "/me", token: outsider, status: .ok)
            #expect((other["stations"] as? [[String: Any]])?.isEmpty == true)

            let all = try await client.expect(.get, "/me", token: supervisor, status: .ok)
            #expect(all["role"] as? String == "supervisor")
            #expect(all["stationIds"] as? [String] == [])
            #expect((all["stations"] as? [[String: Any]])?.contains { $0["stationId"] as? String == station } == true)
        }
    }

    @Test func aServerWithoutItsPagesIsAClearError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-web-\(UUID().uuidString)")
        let error = #expect(throws: WebController.PagesMissing.self) { try WebController(root: empty) }
        #expect(error?.description.contains(empty.appendingPathComponent("web").path) == true)
    }
}
