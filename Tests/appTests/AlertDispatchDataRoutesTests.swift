import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import app

/// The alert transitions that real dispatch exports need (issue 11), through the routes.
@Suite(.database)
struct AlertDispatchDataRoutesTests {
    /// Receives a new alert at 10:00 and answers its id.
    private func receive(_ client: any TestClientProtocol, _ fixture: AppFixture, token: String) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await client.expect(.post, "/alerts", token: token, body: [
            "alertId": id, "stationId": fixture.station, "channel": "phone_110", "category": "public_order",
            "occurredAt": "2024-06-01T10:00:00Z",
        ], status: .created)
        return id
    }

    private func dispatch(_ client: any TestClientProtocol, _ id: String, token: String) async throws {
        try await client.expect(.post, "/alerts/\(id)/dispatches", token: token, body: [
            "unitId": "P3", "occurredAt": "2024-06-01T10:02:00Z",
        ], status: .created)
    }

    @Test func anAlertDispatchedButNeverReachedIsCleared() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        try await fixture.test { client in
            let id = try await receive(client, fixture, token: clerk)
            try await dispatch(client, id, token: clerk)
            try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                "disposition": "handled", "occurredAt": "2024-06-01T10:30:00Z",
            ], status: .created)
            let read = try await client.expect(.get, "/alerts/\(id)", token: clerk, status: .ok)
            #expect(read["status"] as? String == "cleared")
            let problem = try await client.expect(.post, "/alerts/\(id)/arrivals", token: clerk, body: [
                "unitId": "P3", "occurredAt": "2024-06-01T10:31:00Z",
            ], status: .unprocessableContent)
            #expect(problem["currentState"] as? String == "cleared")
        }
    }

    @Test func aFalseAlarmOrADuplicateIsClearedWithoutAUnit() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        try await fixture.test { client in
            for disposition in ["invalid", "duplicate"] {
                let id = try await receive(client, fixture, token: clerk)
                try await client.expect(.post, "/alerts/\(id)/clearance", token: clerk, body: [
                    "disposition": disposition, "occurredAt": "2024-06-01T10:01:00Z",
                ], status: .created)
                let read = try await client.expect(.get, "/alerts/\(id)", token: clerk, status: .ok)
                #expect(read["status"] as? String == "cleared", "\(disposition)")
            }
            let handled = try await receive(client, fixture, token: clerk)
            let problem = try await client.expect(.post, "/alerts/\(handled)/clearance", token: clerk, body: [
                "disposition": "handled", "occurredAt": "2024-06-01T10:01:00Z",
            ], status: .unprocessableContent)
            #expect(problem["currentState"] as? String == "received")
        }
    }

    @Test func anAlertIsHandedToAnotherAgencyAfterDispatch() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        try await fixture.test { client in
            let id = try await receive(client, fixture, token: clerk)
            try await dispatch(client, id, token: clerk)
            let problem = try await client.expect(.post, "/alerts/\(id)/diversion", token: clerk, body: [
                "agency": "fire_brigade", "beforeDispatch": true, "occurredAt": "2024-06-01T10:05:00Z",
            ], status: .unprocessableContent)
            #expect(problem["currentState"] as? String == "dispatched")
            try await client.expect(.post, "/alerts/\(id)/diversion", token: clerk, body: [
                "agency": "fire_brigade", "beforeDispatch": false, "occurredAt": "2024-06-01T10:05:00Z",
            ], status: .created)
            let read = try await client.expect(.get, "/alerts/\(id)", token: clerk, status: .ok)
            #expect(read["status"] as? String == "diverted")
        }
    }
}
