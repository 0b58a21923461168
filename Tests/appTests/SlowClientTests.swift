import ArgumentParser
import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestSupport

@testable import app

/// A client trickling its request gets a 408 (or, for a head that never ends, a closed
/// connection) once the configured time runs out, nothing is recorded, and the server
/// serves everyone else meanwhile. Each test runs a live server with a small timeout and
/// talks to it over a raw socket; the trickles are bounded so that without the timeouts
/// the request would complete and the test fail.
@Suite(.database)
struct SlowClientTests {
    /// The command line of a test server on a free port.
    struct Arguments: AppArguments {
        let host = "127.0.0.1"
        let port = 0
        let bodyTimeout: Duration
        let idleTimeout: Duration
    }

    /// Runs a live server on the fixture's database with the given timeouts.
    private func live(
        _ fixture: AppFixture, bodyTimeout: Duration = .seconds(1), idleTimeout: Duration = .seconds(60),
        _ test: @Sendable (any TestClientProtocol, Int) async throws -> Void
    ) async throws {
        let app = try await buildApplication(
            Arguments(bodyTimeout: bodyTimeout, idleTimeout: idleTimeout), database: fixture.app,
            openAPI: try OpenAPIController(root: TestDatabase.projectRoot), web: try WebController(root: TestDatabase.projectRoot),
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            try await test(client, try #require(client.port))
        }
    }

    /// A request head for `path`, declaring `length` body bytes; `close` asks the server to
    /// close the connection after its answer.
    private func head(
        _ path: String, token: String, contentType: String = "application/json", length: Int, close: Bool = false
    ) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(length)\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
    }

    private func alert(_ fixture: AppFixture, id: UUID) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "alertId": id.uuidString, "stationId": fixture.station, "channel": "phone_110", "category": "public_order",
            "occurredAt": "2024-03-01T08:00:00Z",
        ])
    }

    @Test func aBodyTrickledPastTheBodyTimeoutIs408AndRecordsNothingWhileOthersAreServed() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let slow = UUID()
        let body = try alert(fixture, id: slow)
        try await live(fixture) { client, port in
            let connection = try RawConnection(port: port)
            #expect(connection.send(head("/alerts", token: clerk, length: body.count).utf8))
            var others = 0
            // One byte each 100 ms: the whole body would take longer than 10 s, ten times the timeout.
            for byte in body {
                guard connection.send([byte]) else { break }
                if others == 0 {
                    // Served while the trickle goes on.
                    let other = UUID()
                    try await client.expect(.post, "/alerts", token: clerk, body: [
                        "alertId": other.uuidString, "stationId": fixture.station, "channel": "phone_110",
                        "category": "public_order", "occurredAt": "2024-03-01T08:00:00Z",
                    ], status: .created)
                    others += 1
                }
                try await Task.sleep(for: .milliseconds(100))
                connection.poll()
                if !connection.received.isEmpty || connection.closed { break }
            }
            try await connection.waitUntilClosed()
            let answer = connection.answer
            #expect(answer.status == 408, "\(String(decoding: connection.received, as: UTF8.self))")
            #expect(answer.headers["content-type"] == "application/problem+json")
            #expect(answer.headers["connection"] == "close")
            let problem = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
            #expect(problem?["type"] as? String == "urn:ledger:problem:body-timeout")
            #expect(problem?["status"] as? Int == 408)
            #expect(connection.closed)
            #expect(others == 1)
            try await client.expect(.get, "/alerts/\(slow.uuidString)", token: clerk, status: .notFound)
        }
        #expect(try await fixture.database.store.readStream(StreamKind.alertStreamId(slow)).isEmpty)
    }

    @Test func aBodySentAtOnceIsServedUnderTheSameTimeout() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let id = UUID()
        let body = try alert(fixture, id: id)
        try await live(fixture) { client, port in
            let connection = try RawConnection(port: port)
            #expect(connection.send(Data(head("/alerts", token: clerk, length: body.count, close: true).utf8) + body))
            try await connection.waitUntilClosed()
            #expect(connection.answer.status == 201, "\(String(decoding: connection.received, as: UTF8.self))")
            try await client.expect(.get, "/alerts/\(id.uuidString)", token: clerk, status: .ok)
        }
    }

    @Test func anImportThatStallsIs408AndSaysWhatItRecorded() async throws {
        let fixture = try await AppFixture.make()
        // A full batch (the route's importer writes 2,000 lines at a time), then silence.
        let disputes = (0..<2000).map { _ in UUID() }
        var text = ""
        for dispute in disputes {
            let line: [String: Any] = [
                "type": "DisputeLogged", "eventId": UUID().uuidString, "occurredAt": "2024-03-01T08:00:00+08:00",
                "data": ["disputeId": dispute.uuidString, "stationId": fixture.station, "communityId": fixture.community,
                         "category": "family", "discoveredVia": "walk_in"],
            ]
            text += String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self) + "\n"
        }
        let sent = text + "{\"type\": \"DisputeLo"
        try await live(fixture) { client, port in
            let connection = try RawConnection(port: port)
            let head = head("/import", token: fixture.admin, contentType: "application/x-ndjson", length: sent.utf8.count + 1000)
            #expect(connection.send((head + sent).utf8))
            try await connection.waitUntilClosed()
            let answer = connection.answer
            #expect(answer.status == 408, "\(String(decoding: connection.received.prefix(500), as: UTF8.self))")
            #expect(answer.headers["content-type"] == "application/problem+json")
            let problem = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
            #expect(problem?["type"] as? String == "urn:ledger:problem:body-timeout")
            #expect(problem?["accepted"] as? Int == 2000)
            #expect((problem?["rejected"] as? [Any])?.isEmpty == true)
            #expect((problem?["lastPosition"] as? Int ?? 0) > 0)
            try await client.expect(.get, "/disputes/\(disputes[1999].uuidString)", token: fixture.admin, status: .ok)
        }
    }

    @Test func aRequestHeadThatNeverEndsIsClosedAfterTheIdleTimeout() async throws {
        let fixture = try await AppFixture.make()
        try await live(fixture, bodyTimeout: .milliseconds(500), idleTimeout: .seconds(1)) { _, port in
            let connection = try RawConnection(port: port)
            #expect(connection.send("POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8))
            // One header byte each 100 ms for at most 30 s: the head never ends.
            for _ in 0..<300 {
                guard connection.send("a".utf8) else { break }
                try await Task.sleep(for: .milliseconds(100))
                connection.poll()
                if connection.closed { break }
            }
            #expect(connection.closed)
            // The test client's own connection sat idle as long, so ask on a new one.
            let other = try RawConnection(port: port)
            #expect(other.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
            try await other.waitUntilClosed()
            #expect(other.answer.status == 200)
        }
    }

    @Test func theServeOptionsSetTheTimeoutsInSeconds() throws {
        let defaults = try App.Serve.parse([])
        #expect(defaults.bodyTimeout == .seconds(30))
        #expect(defaults.idleTimeout == .seconds(60))
        let set = try App.Serve.parse(["--body-timeout", "1.5", "--idle-timeout", "4"])
        #expect(set.bodyTimeout == .milliseconds(1500))
        #expect(set.idleTimeout == .seconds(4))
        #expect(try App.Serve.parse(["--body-timeout", "90"]).idleTimeout == .seconds(180))
        #expect(throws: (any Error).self) { try App.Serve.parse(["--body-timeout", "0"]) }
        #expect(throws: (any Error).self) { try App.Serve.parse(["--body-timeout", "60", "--idle-timeout", "60"]) }
        #expect(throws: (any Error).self) { try App.Serve.parse(["--body-timeout", "soon"]) }
    }
}
