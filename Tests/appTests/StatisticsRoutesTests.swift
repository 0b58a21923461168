import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing
import TestSupport

@testable import app

@Suite(.database)
struct StatisticsRoutesTests {
    /// Two disputes in March 2024: one mediated to agreement and resolved on the spot, one
    /// mediated without agreement. Returns the admin fixture after the projector caught up.
    private func scenario() async throws -> (AppFixture, clerk: String) {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let (first, second) = (UUID().uuidString, UUID().uuidString)
        let station = fixture.station
        try await fixture.test { client in
            for id in [first, second] {
                try await client.expect(.post, "/disputes", token: clerk, body: [
                    "disputeId": id, "stationId": station, "category": "neighbour", "discoveredVia": "walk_in",
                    "occurredAt": "2024-03-05T09:00:00+08:00",
                ], status: .created)
            }
            try await client.expect(.post, "/disputes/\(first)/mediations", token: clerk,
                                    body: ["mechanism": "peoples", "outcome": "agreement", "occurredAt": "2024-03-06T09:00:00+08:00"], status: .created)
            try await client.expect(.post, "/disputes/\(first)/resolution", token: clerk,
                                    body: ["method": "mediation", "resolutionLevel": "scene", "occurredAt": "2024-03-06T10:00:00+08:00"], status: .created)
            try await client.expect(.post, "/disputes/\(second)/mediations", token: clerk,
                                    body: ["mechanism": "police", "outcome": "no_agreement", "occurredAt": "2024-03-07T09:00:00+08:00"], status: .created)
        }
        try await fixture.catchUp()
        return (fixture, clerk)
    }

    @Test func theDisputeFunnelAnswersWithNumeratorsAndDenominators() async throws {
        let (fixture, clerk) = try await scenario()
        let supervisor = try await fixture.token(.supervisor)
        let station = fixture.station
        try await fixture.test { client in
            let answer = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&stationId=\(station)", token: supervisor, status: .ok)
            let totals = try #require(answer["totals"] as? [String: Any])
            #expect(totals["logged"] as? Int == 2)
            #expect(totals["mediated"] as? Int == 2)
            #expect(totals["agreements"] as? Int == 1)
            #expect(totals["mediationSuccessRate"] as? Double == 0.5)
            #expect(totals["mediationSuccessRateNumerator"] as? Int == 1)
            #expect(totals["mediationSuccessRateDenominator"] as? Int == 2)
            #expect(totals["onSiteRate"] as? Double == 1)
            #expect(totals["resolutionRate"] as? Double == 1)
            #expect(answer["definitionsVersion"] as? Int == 1)
            #expect((answer["asOfPosition"] as? Int ?? 0) > 0)
            try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31", token: clerk, status: .forbidden)
            try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&stationId=elsewhere", token: supervisor, status: .forbidden)
            let bad = try await client.expect(.get, "/stats/disputes?from=2024-13-01&to=2024-03-31", token: supervisor, status: .badRequest)
            #expect((bad["errors"] as? [[String: Any]])?.first?["field"] as? String == "from")
        }
    }

    @Test func minPositionWaitsForTheProjectionsOrAnswers503() async throws {
        let (fixture, _) = try await scenario()
        let admin = fixture.admin
        try await fixture.test { client in
            let ready = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&minPosition=1&stationId=\(fixture.station)", token: admin, status: .ok)
            #expect((ready["totals"] as? [String: Any])?["logged"] as? Int == 2)
            try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&minPosition=999999999", token: admin, status: .unprocessableContent)
        }
    }

    @Test func metricsShowRequestsAppendsAndLag() async throws {
        let (fixture, _) = try await scenario()
        try await fixture.test { client in
            let text = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(text.contains("ledger_events_appended_total"))
            #expect(text.contains("ledger_projection_lag_events"))
            #expect(text.contains("/disputes"))
        }
    }
}

/// Its own database, so no other test's catch-up applies the position it waits for.
@Suite(.database)
struct MinPositionTimeoutTests {
    @Test func aPositionTheProjectionsHaveNotAppliedIs503AfterTheWait() async throws {
        let fixture = try await AppFixture.make()
        let clerk = try await fixture.token(.clerk)
        let admin = fixture.admin
        let station = fixture.station
        try await fixture.test { client in
            let written = try await client.expect(.post, "/disputes", token: clerk, body: [
                "stationId": station, "category": "labour", "discoveredVia": "grid_worker",
            ], status: .created)
            let position = written["globalPosition"] as? Int ?? 0
            // No projector runs in this test, so the position is never applied.
            let late = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&minPosition=\(position)", token: admin, status: .serviceUnavailable)
            #expect(late.headers[.retryAfter] == "5")
        }
    }
}
