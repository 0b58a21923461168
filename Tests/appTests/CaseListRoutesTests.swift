import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

@Suite(.database)
struct CaseListRoutesTests {
    @Test func disputesListNewestFirstPageByPageWithinTheCallersStations() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let outsider = try await fixture.token(.clerk, stations: ["elsewhere"])
        let station = fixture.station
        let ids = (1...5).map { _ in UUID().uuidString.lowercased() }
        try await fixture.test { client in
            for (day, id) in ids.enumerated() {
                try await client.expect(.post, "/disputes", token: clerk, body: [
                    "disputeId": id, "stationId": station, "category": "family", "discoveredVia": "screening",
                    "occurredAt": "2024-05-0\(day + 1)T10:00:00+08:00",
                ], status: .created)
            }
        }
        try await fixture.catchUp()
        try await fixture.test { client in
            let first = try await client.expect(.get, "/disputes?limit=2", token: clerk, status: .ok)
            let firstItems = try #require(first["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["disputeId"] as? String } == [ids[4], ids[3]])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try await client.expect(.get, "/disputes?limit=2&cursor=\(cursor)", token: clerk, status: .ok)
            #expect((second["items"] as? [[String: Any]])?.map { $0["disputeId"] as? String } == [ids[2], ids[1]])
            let last = try await client.expect(.get, "/disputes?limit=2&cursor=\(second["nextCursor"] as? String ?? "")", token: clerk, status: .ok)
            #expect((last["items"] as? [[String: Any]])?.map { $0["disputeId"] as? String } == [ids[0]])
            #expect(last["nextCursor"] is NSNull)

            let window = try await client.expect(.get, "/disputes?from=2024-05-02&to=2024-05-03&status=logged", token: clerk, status: .ok)
            #expect((window["items"] as? [[String: Any]])?.map { $0["disputeId"] as? String } == [ids[2], ids[1]])

            let elsewhere = try await client.expect(.get, "/disputes", token: outsider, status: .ok)
            #expect((elsewhere["items"] as? [[String: Any]])?.isEmpty == true)
            try await client.expect(.get, "/disputes?stationId=\(station)", token: outsider, status: .forbidden)
            try await client.expect(.get, "/disputes?status=lost", token: clerk, status: .badRequest)
            try await client.expect(.get, "/disputes?cursor=nonsense", token: clerk, status: .badRequest)
            try await client.expect(.get, "/disputes?cursor=9223372036854775807_x", token: clerk, status: .badRequest)
            try await client.expect(.get, "/alerts?cursor=-9223372036854775808_alert-x", token: clerk, status: .badRequest)
            try await client.expect(.get, "/alerts", token: clerk, status: .ok)
        }
    }

    @Test func adminsSeeEachProjectionsPositionAndLag() async throws {
        let fixture = try await AppFixture.make()
        let supervisor = try await fixture.token(.supervisor)
        try await fixture.catchUp()
        let admin = fixture.admin
        try await fixture.test { client in
            let answer = try await client.expect(.get, "/admin/projections", token: admin, status: .ok)
            let projections = try #require(answer["projections"] as? [[String: Any]])
            #expect(Set(projections.compactMap { $0["projection"] as? String }) == ["stations", "disputes", "alerts"])
            #expect(projections.allSatisfy { ($0["lag"] as? Int ?? -1) >= 0 && $0["state"] as? String == "active" })
            #expect((projections.first { $0["projection"] as? String == "stations" }?["position"] as? Int ?? 0) > 0)
            try await client.expect(.get, "/admin/projections", token: supervisor, status: .forbidden)
        }
    }
}
