import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

@Suite(.database)
struct WriteRoutesTests {
    private func logged(_ fixture: AppFixture, id: String = UUID().uuidString) -> [String: any Sendable] {
        ["disputeId": id, "stationId": fixture.station, "communityId": fixture.community, "category": "neighbour",
         "discoveredVia": "walk_in", "occurredAt": "2024-03-01T08:00:00+08:00"]
    }

    @Test func aDisputeIsLoggedMediatedResolvedAndRead() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let id = UUID().uuidString.lowercased()
        try await fixture.test { client in
            let created = try await client.expect(.post, "/disputes", token: clerk, body: logged(fixture, id: id), status: .created)
            #expect(created["streamId"] as? String == "dispute-\(id)")
            #expect(created["streamVersion"] as? Int == 1)
            #expect((created["globalPosition"] as? Int ?? 0) > 0)
            #expect(created["eventId"] is String)
            try await client.expect(.post, "/disputes/\(id)/mediations", token: clerk,
                                    body: ["mechanism": "peoples", "outcome": "agreement", "occurredAt": "2024-03-02T09:00:00+08:00"], status: .created)
            try await client.expect(.post, "/disputes/\(id)/resolution", token: clerk,
                                    body: ["method": "mediation", "resolutionLevel": "community", "occurredAt": "2024-03-02T10:00:00+08:00"],
                                    headers: [.ifMatch: "\"2\""], status: .created)
            let read = try await client.expect(.get, "/disputes/\(id)?history=true", token: clerk, status: .ok)
            #expect(read["status"] as? String == "resolved")
            #expect(read["streamVersion"] as? Int == 3)
            #expect(read["agreements"] as? Int == 1)
            #expect(read["loggedAt"] as? String == "2024-03-01T00:00:00.000Z")
            #expect((read["history"] as? [[String: Any]])?.map { $0["type"] as? String } == ["DisputeLogged", "MediationHeld", "DisputeResolved"])
        }
    }

    @Test func aDisputeWithoutAnIdGetsOne() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        var withoutId = logged(fixture)
        withoutId.removeValue(forKey: "disputeId")
        let body = withoutId
        try await fixture.test { client in
            let created = try await client.expect(.post, "/disputes", token: clerk, body: body, status: .created)
            #expect((created["streamId"] as? String)?.hasPrefix("dispute-") == true)
        }
    }

    @Test func anotherStationsExistingDisputeIsForbiddenWhateverStationTheBodyNames() async throws {
        let ours = try await AppFixture.make()
        let theirs = try await AppFixture.make()
        let theirClerk = try await theirs.token(.clerk)
        let ourClerk = try await ours.token(.clerk)
        let id = UUID().uuidString.lowercased()
        let (theirBody, ourBody) = (logged(theirs, id: id), logged(ours, id: id))
        try await theirs.test { client in
            try await client.expect(.post, "/disputes", token: theirClerk, body: theirBody, status: .created)
            let refused = try await client.expect(.post, "/disputes", token: ourClerk, body: ourBody, status: .forbidden)
            #expect((refused["detail"] as? String)?.contains("state") != true)
        }
    }

    @Test func aRetryWithoutAnIdButWithTheSameEventIdGetsTheOriginalAnswer() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        var dispute = logged(fixture)
        dispute.removeValue(forKey: "disputeId")
        dispute["eventId"] = UUID().uuidString
        let alert: [String: any Sendable] = [
            "eventId": UUID().uuidString, "stationId": fixture.station, "channel": "phone_110", "category": "public_order",
            "occurredAt": "2024-03-01T08:00:00+08:00",
        ]
        let body = dispute
        try await fixture.test { client in
            let first = try await client.expect(.post, "/disputes", token: clerk, body: body, status: .created)
            let again = try await client.expect(.post, "/disputes", token: clerk, body: body, status: .ok)
            #expect(again["streamId"] as? String == first["streamId"] as? String)
            #expect(again["globalPosition"] as? Int == first["globalPosition"] as? Int)
            let received = try await client.expect(.post, "/alerts", token: clerk, body: alert, status: .created)
            let resent = try await client.expect(.post, "/alerts", token: clerk, body: alert, status: .ok)
            #expect(resent["streamId"] as? String == received["streamId"] as? String)
        }
    }

    @Test func anIdenticalRetryAnswers200AndOtherContentUnderTheSameIdIs409() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        var original = logged(fixture)
        original["eventId"] = UUID().uuidString
        var altered = original
        altered["category"] = "family"
        let (body, otherBody) = (original, altered)
        try await fixture.test { client in
            let first = try await client.expect(.post, "/disputes", token: clerk, body: body, status: .created)
            let again = try await client.expect(.post, "/disputes", token: clerk, body: body, status: .ok)
            #expect(again["globalPosition"] as? Int == first["globalPosition"] as? Int)
            #expect(again["eventId"] as? String == first["eventId"] as? String)
            let conflict = try await client.expect(.post, "/disputes", token: clerk, body: otherBody, status: .conflict)
            #expect(conflict["type"] as? String == "urn:ledger:problem:event-id-conflict")
        }
    }

    @Test func aStaleIfMatchIs409WithTheCurrentVersion() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let id = UUID().uuidString
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: clerk, body: logged(fixture, id: id), status: .created)
            let conflict = try await client.expect(.post, "/disputes/\(id)/mediations", token: clerk,
                                                   body: ["mechanism": "police", "outcome": "adjourned"],
                                                   headers: [.ifMatch: "\"7\""], status: .conflict)
            #expect(conflict["currentVersion"] as? Int == 1)
        }
    }

    @Test func badInputGetsTheRightProblem() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let id = UUID().uuidString
        var wrongType = logged(fixture)
        wrongType["category"] = 7
        var unknownValue = logged(fixture)
        unknownValue["category"] = "aliens"
        var unknownCommunity = logged(fixture)
        unknownCommunity["communityId"] = "nowhere"
        var future = logged(fixture)
        future["occurredAt"] = RFC3339Text.string(Date().addingTimeInterval(3600))
        let bodies = (wrongType, unknownValue, unknownCommunity, future)
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: clerk, body: logged(fixture, id: id), status: .created)
            let typed = try await client.expect(.post, "/disputes", token: clerk, body: bodies.0, status: .badRequest)
            #expect((typed["errors"] as? [[String: Any]])?.first?["field"] as? String == "category")
            try await client.expect(.post, "/disputes", token: clerk, body: bodies.1, status: .badRequest)
            try await client.expect(.post, "/disputes", token: clerk, body: bodies.2, status: .unprocessableContent)
            let illegal = try await client.expect(.post, "/disputes/\(id)/reopening", token: clerk, body: ["cause": "recurrence"], status: .unprocessableContent)
            #expect((illegal["detail"] as? String)?.contains("logged") == true)
            #expect(illegal["currentState"] as? String == "logged")
            try await client.expect(.post, "/disputes", token: clerk, body: bodies.3, status: .unprocessableContent)
            try await client.expect(.post, "/disputes/\(UUID().uuidString)/mediations", token: clerk,
                                    body: ["mechanism": "police", "outcome": "adjourned"], status: .notFound)
            try await client.expect(.post, "/disputes/not-a-uuid/mediations", token: clerk,
                                    body: ["mechanism": "police", "outcome": "adjourned"], status: .notFound)
            try await client.expect(.post, "/disputes", token: clerk, body: logged(fixture),
                                    headers: [.contentType: "text/plain"], status: .unsupportedMediaType)
            let malformed = try await client.execute(uri: "/disputes", method: .post,
                                                     headers: [.authorization: "Bearer \(clerk)", .contentType: "application/json"],
                                                     body: ByteBuffer(string: "{\"category\": ")) { $0 }
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers[.contentType] == "application/problem+json")
            let nested = try await client.execute(uri: "/disputes", method: .post,
                                                  headers: [.authorization: "Bearer \(clerk)", .contentType: "application/json"],
                                                  body: ByteBuffer(string: String(repeating: "[", count: 100_000))) { $0 }
            #expect(nested.status == .badRequest)
            #expect(String(buffer: nested.body).contains("nested deeper than \(JSONValue.maximumDepth) levels"))
            try await client.expect(.get, "/disputes?stationId=a%00b", token: clerk, status: .badRequest)
            var withNUL = logged(fixture)
            withNUL["summary"] = "a\u{0}b"
            let nul = withNUL
            let refused = try await client.expect(.post, "/disputes", token: clerk, body: nul, status: .badRequest)
            #expect((refused["errors"] as? [[String: Any]])?.first?["field"] as? String == "summary")
            let huge = try await client.execute(uri: "/disputes", method: .post,
                                                headers: [.authorization: "Bearer \(clerk)", .contentType: "application/json"],
                                                body: ByteBuffer(string: "{\"summary\": \"" + String(repeating: "x", count: 1_100_000) + "\"}")) { $0 }
            #expect(huge.status == .contentTooLarge)
        }
        let stored = try await fixture.database.store.readStream("dispute-\(id.lowercased())")
        #expect(stored.count == 1, "rejected requests left the stored record untouched")
    }

    @Test func tokensAreCheckedForRoleAndStationOnEveryRoute() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let otherClerk = try await fixture.token(.clerk, stations: ["elsewhere"])
        let supervisor = try await fixture.token(.supervisor)
        let id = UUID().uuidString
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: nil, body: logged(fixture), status: .unauthorized)
            try await client.expect(.post, "/disputes", token: "lgr_nonsense", body: logged(fixture), status: .unauthorized)
            try await client.expect(.get, "/disputes/\(id)", token: nil, status: .unauthorized)
            try await client.expect(.post, "/stations", token: clerk, body: ["stationId": "x", "name": "X"], status: .forbidden)
            try await client.expect(.post, "/disputes", token: otherClerk, body: logged(fixture), status: .forbidden)
            try await client.expect(.post, "/disputes", token: supervisor, body: logged(fixture), status: .forbidden)
            try await client.expect(.post, "/disputes", token: clerk, body: logged(fixture, id: id), status: .created)
            try await client.expect(.get, "/disputes/\(id)", token: otherClerk, status: .forbidden)
            try await client.expect(.get, "/disputes/\(id)", token: supervisor, status: .ok)
            try await client.expect(.post, "/disputes/\(id)/mediations", token: otherClerk,
                                    body: ["mechanism": "police", "outcome": "adjourned"], status: .forbidden)
            try await client.expect(.get, "/health", token: nil, status: .ok)
        }
    }

    @Test func anAlertTimeAmendmentNeedsASupervisor() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let supervisor = try await fixture.token(.supervisor)
        let id = UUID().uuidString
        try await fixture.test { client in
            try await client.expect(.post, "/alerts", token: clerk, body: [
                "alertId": id, "stationId": fixture.station, "channel": "phone_110", "category": "public_order",
                "occurredAt": "2024-03-01T08:00:00Z",
            ], status: .created)
            try await client.expect(.post, "/alerts/\(id)/dispatches", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:01:00Z"], status: .created)
            let arrival = try await client.expect(.post, "/alerts/\(id)/arrivals", token: clerk, body: ["unitId": "P1", "occurredAt": "2024-03-01T08:09:00Z"], status: .created)
            let history = try await client.expect(.get, "/alerts/\(id)?history=true", token: clerk, status: .ok)
            let arrivalEventId = (history["history"] as? [[String: Any]])?.last?["eventId"] as? String ?? ""
            #expect(arrival["streamVersion"] as? Int == 3)
            let amendment: [String: any Sendable] = ["targetEventId": arrivalEventId, "changes": ["occurredAt": "2024-03-01T08:12:00Z"], "reason": "radio log"]
            try await client.expect(.post, "/alerts/\(id)/amendments", token: clerk, body: amendment, status: .forbidden)
            try await client.expect(.post, "/alerts/\(id)/amendments", token: supervisor, body: amendment, status: .created)
            let read = try await client.expect(.get, "/alerts/\(id)", token: supervisor, status: .ok)
            #expect(read["firstArrivedAt"] as? String == "2024-03-01T08:12:00.000Z")
            #expect(read["amendedTimes"] as? Int == 1)
        }
    }
}

/// RFC 3339 text for request bodies.
enum RFC3339Text {
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}
