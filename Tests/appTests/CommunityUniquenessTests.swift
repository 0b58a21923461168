import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

@testable import app

/// A community id stays unique across stations when two registrations of it race, through
/// the routes, through imports, and one through each.
@Suite(.database)
struct CommunityUniquenessTests {
    /// Races per test: two writers may by chance run one after the other, so one race
    /// alone would rarely show a broken check.
    private static let rounds = 12

    /// What one write answered.
    private struct Outcome: Sendable {
        let status: HTTPResponse.Status
        let detail: String
    }

    /// One writer in a race: registers `community` for `station` and says how it went.
    private typealias Writer = @Sendable (_ client: any TestClientProtocol, _ station: String, _ community: String) async throws -> [Outcome]

    /// Registers through `POST /stations/{stationId}/communities`, under `eventId` when given.
    private static func route(admin: String, eventId: UUID? = nil) -> Writer {
        { client, station, community in
            var object = ["communityId": community, "name": "Wanyuan", "areaClass": "urban"]
            object["eventId"] = eventId?.uuidString
            let body = try JSONSerialization.data(withJSONObject: object)
            return try await client.execute(
                uri: "/stations/\(station)/communities", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"], body: ByteBuffer(bytes: body)
            ) { response in
                let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                return [Outcome(status: response.status, detail: json?["detail"] as? String ?? "")]
            }
        }
    }

    /// Registers through `POST /import`, one line, under `eventId` when given, at `time`
    /// when given (else now); the line's outcome as its route would answer (a duplicate as
    /// 200).
    private static func importing(admin: String, eventId: UUID? = nil, at time: String? = nil) -> Writer {
        { client, station, community in
            let line: [String: Any] = [
                "type": "CommunityRegistered", "eventId": (eventId ?? UUID()).uuidString, "occurredAt": time ?? RFC3339.string(from: Date()),
                "data": ["stationId": station, "communityId": community, "name": "Wanyuan", "areaClass": "urban"],
            ]
            let body = try JSONSerialization.data(withJSONObject: line) + Data("\n".utf8)
            return try await client.execute(
                uri: "/import", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/x-ndjson"], body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .ok)
                let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                let accepted = Array(repeating: Outcome(status: .created, detail: ""), count: json?["accepted"] as? Int ?? 0)
                let duplicates = Array(repeating: Outcome(status: .ok, detail: ""), count: json?["duplicates"] as? Int ?? 0)
                let rejected = (json?["rejected"] as? [[String: Any]] ?? []).map { line in
                    Outcome(status: .init(code: line["status"] as? Int ?? 0), detail: line["detail"] as? String ?? "")
                }
                return accepted + duplicates + rejected
            }
        }
    }

    /// Runs `rounds` races of `first` (for the fixture's station) against `second` (for
    /// another station), each for a new community id, and checks that exactly one writer
    /// won each race and the log holds the community once.
    private func race(_ fixture: AppFixture, _ first: @escaping Writer, _ second: @escaping Writer) async throws {
        let other = "st\(UUID().uuidString.prefix(6).lowercased())"
        let communities = (0..<Self.rounds).map { _ in "co\(UUID().uuidString.prefix(8).lowercased())" }
        let station = fixture.station
        try await fixture.test { client in
            try await client.expect(.post, "/stations", token: fixture.admin, body: ["stationId": other, "name": "Maqiao"], status: .created)
            for community in communities {
                let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
                    group.addTask { try await first(client, station, community) }
                    group.addTask { try await second(client, other, community) }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(outcomes.map(\.status.code).sorted() == [201, 422], "\(community): \(outcomes)")
                #expect(outcomes.contains { $0.detail.contains("community \(community) is already registered") })
            }
        }
        let registered = try await fixture.database.store.readCategory(StreamKind.station.rawValue)
            .filter { $0.type == "CommunityRegistered" }
            .compactMap { try? JSONSerialization.jsonObject(with: $0.data) as? [String: Any] }
            .compactMap { $0["communityId"] as? String }
        for community in communities {
            #expect(registered.filter { $0 == community }.count == 1, "\(community) is registered once")
        }
    }

    /// Runs `rounds` races of two copies of one registration (the same event id, for the
    /// fixture's station), made by `writer`, and checks that one records it and the other
    /// is answered as its repeat.
    private func retryRace(_ fixture: AppFixture, _ writer: @escaping @Sendable (UUID) -> Writer) async throws {
        let station = fixture.station
        try await fixture.test { client in
            for _ in 0..<Self.rounds {
                let community = "co\(UUID().uuidString.prefix(8).lowercased())"
                let eventId = UUID()
                let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
                    for _ in 0..<2 {
                        group.addTask { try await writer(eventId)(client, station, community) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(outcomes.map(\.status.code).sorted() == [200, 201], "\(community): \(outcomes)")
            }
        }
    }

    @Test func twoStationsRegisteringOneCommunityAtOnceThroughTheRoutesGetOne201AndOne422() async throws {
        let fixture = try await AppFixture.make()
        try await race(fixture, Self.route(admin: fixture.admin), Self.route(admin: fixture.admin))
    }

    @Test func twoImportsRegisteringOneCommunityAtOnceAcceptItOnce() async throws {
        let fixture = try await AppFixture.make()
        try await race(fixture, Self.importing(admin: fixture.admin), Self.importing(admin: fixture.admin))
    }

    @Test func aRouteAndAnImportRegisteringOneCommunityAtOnceRecordItOnce() async throws {
        let fixture = try await AppFixture.make()
        try await race(fixture, Self.route(admin: fixture.admin), Self.importing(admin: fixture.admin))
    }

    @Test func aRouteRetryRacingItsOriginalIsAnsweredAsARepeat() async throws {
        let fixture = try await AppFixture.make()
        try await retryRace(fixture) { Self.route(admin: fixture.admin, eventId: $0) }
    }

    @Test func anImportRacingTheSameImportCountsTheLineAsADuplicate() async throws {
        let fixture = try await AppFixture.make()
        // Both copies carry one time: the same line sent twice, not two registrations. A
        // second ahead, so that written in whole seconds it still follows the station's
        // registration (times may not run backwards).
        let now = RFC3339.string(from: Date().addingTimeInterval(1))
        try await retryRace(fixture) { Self.importing(admin: fixture.admin, eventId: $0, at: now) }
    }
}
