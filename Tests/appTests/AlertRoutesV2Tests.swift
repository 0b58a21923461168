import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// The definitionsVersion 2 alert routes (`/en-route`, `/reopening`) and the stricter
/// idempotency: a re-sent `eventId` with another client-given `occurredAt` is a 409.
@Suite(.database)
struct AlertRoutesV2Tests {
    private func received(_ fixture: AppFixture, channel: String = "phone_110") -> [String: any Sendable] {
        ["stationId": fixture.station, "channel": channel, "category": "public_order", "occurredAt": "2024-03-01T08:00:00+08:00"]
    }

    @Test func enRouteAndReopeningAreRecordedAndShownOnTheAlert() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let body = received(fixture)
        try await fixture.test { client in
            let alert = try await client.expect(.post, "/alerts", token: clerk, body: body, status: .created)
            let path = "/alerts/\(String((alert["streamId"] as? String ?? "").dropFirst("alert-".count)))"
            try await client.expect(.post, "\(path)/dispatches", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:01:00+08:00"], status: .created)
            try await client.expect(.post, "\(path)/en-route", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:02:00+08:00"], status: .created)
            let twice = try await client.expect(.post, "\(path)/en-route", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:03:00+08:00"], status: .unprocessableContent)
            #expect(twice["currentState"] as? String == "dispatched")
            try await client.expect(.post, "\(path)/en-route", token: clerk, body: ["unitId": "P9"], status: .unprocessableContent)
            try await client.expect(.post, "\(path)/arrivals", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:09:00+08:00"], status: .created)
            try await client.expect(.post, "\(path)/reopening", token: clerk, body: ["reason": "too early", "occurredAt": "2024-03-01T08:10:00+08:00"], status: .unprocessableContent)
            try await client.expect(.post, "\(path)/clearance", token: clerk, body: ["disposition": "handled", "occurredAt": "2024-03-01T08:30:00+08:00"], status: .created)
            try await client.expect(.post, "\(path)/reopening", token: clerk, body: ["reason": "the caller rang again", "occurredAt": "2024-03-01T09:00:00+08:00"], status: .created)
            let view = try await client.expect(.get, path, token: clerk, status: .ok)
            #expect(view["status"] as? String == "on_scene")
            #expect(view["reopenings"] as? Int == 1)
            #expect(view["clearedAt"] == nil)
            #expect(view["firstEnRouteAt"] as? String != nil)
            let units = view["units"] as? [[String: Any]] ?? []
            #expect(units.first?["enRouteAt"] as? String != nil)
        }
    }

    @Test func aResentEventIdWithAnotherGivenTimeIsAConflictUnlessTheServerChoseTheTime() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        var first = received(fixture)
        first["eventId"] = UUID().uuidString
        var later = first
        later["occurredAt"] = "2024-03-01T08:05:00+08:00"
        var untimed = first
        untimed.removeValue(forKey: "occurredAt")
        let dispatch: [String: any Sendable] = ["unitId": "P1", "eventId": UUID().uuidString]
        var timedDispatch = dispatch
        timedDispatch["occurredAt"] = "2024-03-01T08:01:00+08:00"
        let (original, moved, withoutTime, timed) = (first, later, untimed, timedDispatch)
        try await fixture.test { client in
            let alert = try await client.expect(.post, "/alerts", token: clerk, body: original, status: .created)
            try await client.expect(.post, "/alerts", token: clerk, body: original, status: .ok)
            let conflict = try await client.expect(.post, "/alerts", token: clerk, body: moved, status: .conflict)
            #expect((conflict["type"] as? String)?.hasSuffix("event-id-conflict") == true, "\(conflict.json)")
            // Left out, the time is the server's: the retry is recognised without it.
            try await client.expect(.post, "/alerts", token: clerk, body: withoutTime, status: .ok)
            let path = "/alerts/\(String((alert["streamId"] as? String ?? "").dropFirst("alert-".count)))"
            try await client.expect(.post, "\(path)/dispatches", token: clerk, body: dispatch, status: .created)
            try await client.expect(.post, "\(path)/dispatches", token: clerk, body: dispatch, status: .ok)
            // Stored at the server's time, the same id with a time of the client's is another call.
            try await client.expect(.post, "\(path)/dispatches", token: clerk, body: timed, status: .conflict)
        }
    }
}
