import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// Every write route records its event, and its answer is 201 with the new version.
@Suite(.database)
struct EveryRouteTests {
    @Test func everyDisputeRouteRecordsItsEvent() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let supervisor = try await fixture.token(.supervisor)
        let (station, community) = (fixture.station, fixture.community)
        let id = UUID().uuidString.lowercased()
        let steps: [(String, [String: any Sendable])] = [
            ("referrals", ["agency": "judicial_office", "mechanism": "judicial", "occurredAt": "2024-04-02T09:00:00Z"]),
            ("resolution", ["method": "referral", "resolutionLevel": "township", "occurredAt": "2024-04-03T09:00:00Z"]),
            ("follow-ups", ["reached": true, "rating": "satisfied", "agreementKept": true, "occurredAt": "2024-04-04T09:00:00Z"]),
            ("reopening", ["cause": "recurrence", "occurredAt": "2024-04-05T09:00:00Z"]),
            ("mediations", ["mechanism": "joint", "outcome": "no_agreement", "occurredAt": "2024-04-06T09:00:00Z"]),
            ("closure", ["reason": "litigation", "occurredAt": "2024-04-07T09:00:00Z"]),
        ]
        try await fixture.test { client in
            try await client.expect(.post, "/disputes", token: clerk, body: [
                "disputeId": id, "stationId": station, "communityId": community, "category": "land",
                "discoveredVia": "referral_in", "key": true, "parties": [["name": "Zhang", "phone": "139"]],
                "occurredAt": "2024-04-01T09:00:00Z",
            ], status: .created)
            for (index, (path, body)) in steps.enumerated() {
                let answer = try await client.expect(.post, "/disputes/\(id)/\(path)", token: clerk, body: body, status: .created)
                #expect(answer["streamVersion"] as? Int == index + 2, "\(path)")
            }
            let read = try await client.expect(.get, "/disputes/\(id)?history=true", token: clerk, status: .ok)
            #expect(read["status"] as? String == "closed_unresolved")
            let history = read["history"] as? [[String: Any]] ?? []
            let followUpId = history.first { $0["type"] as? String == "FollowUpConducted" }?["eventId"] as? String ?? ""
            let ratingFix: [String: any Sendable] = [
                "targetEventId": followUpId, "changes": ["rating": "basically_satisfied"], "reason": "misheard",
            ]
            try await client.expect(.post, "/disputes/\(id)/amendments", token: supervisor, body: ratingFix, status: .forbidden)
            try await client.expect(.post, "/disputes/\(id)/amendments", token: clerk, body: ratingFix, status: .created)
            let closureId = history.last?["eventId"] as? String ?? ""
            try await client.expect(.post, "/disputes/\(id)/retractions", token: clerk, body: [
                "targetEventId": closureId, "reason": "entered on the wrong record",
            ], status: .created)
            let after = try await client.expect(.get, "/disputes/\(id)", token: clerk, status: .ok)
            #expect(after["status"] as? String == "mediation_failed")
            #expect(after["streamVersion"] as? Int == 9)
        }
    }

    @Test func everyAlertRouteRecordsItsEvent() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let station = fixture.station
        let (first, second, third) = (UUID().uuidString, UUID().uuidString, UUID().uuidString)
        try await fixture.test { client in
            for id in [first, second, third] {
                try await client.expect(.post, "/alerts", token: clerk, body: [
                    "alertId": id, "stationId": station, "channel": "hotline_12345", "category": "dispute",
                    "priority": 2, "occurredAt": "2024-06-01T10:00:00Z",
                ], status: .created)
            }
            let onFirst: [(String, [String: any Sendable])] = [
                ("reclassification", ["category": "public_order", "reason": "fight", "occurredAt": "2024-06-01T10:01:00Z"]),
                ("dispatches", ["unitId": "P7", "occurredAt": "2024-06-01T10:02:00Z"]),
                ("arrivals", ["unitId": "P7", "occurredAt": "2024-06-01T10:09:00Z"]),
                ("clearance", ["disposition": "mediated", "injuries": 1, "occurredAt": "2024-06-01T10:40:00Z"]),
            ]
            for (path, body) in onFirst {
                try await client.expect(.post, "/alerts/\(first)/\(path)", token: clerk, body: body, status: .created)
            }
            try await client.expect(.post, "/alerts/\(second)/diversion", token: clerk, body: [
                "agency": "street_office", "beforeDispatch": true, "workOrderRef": "WO-1", "occurredAt": "2024-06-01T10:03:00Z",
            ], status: .created)
            try await client.expect(.post, "/alerts/\(third)/cancellation", token: clerk, body: [
                "reason": "caller withdrew", "occurredAt": "2024-06-01T10:03:00Z",
            ], status: .created)
            let read = try await client.expect(.get, "/alerts/\(first)", token: clerk, status: .ok)
            #expect(read["status"] as? String == "cleared")
            #expect(read["category"] as? String == "public_order")
            #expect(read["initialCategory"] as? String == "dispute")
            #expect(try await client.expect(.get, "/alerts/\(second)", token: clerk, status: .ok)["status"] as? String == "diverted")
            #expect(try await client.expect(.get, "/alerts/\(third)", token: clerk, status: .ok)["status"] as? String == "cancelled")
        }
    }
}
