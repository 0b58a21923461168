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
            #expect(answer["definitionsVersion"] as? Int == 2)
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
        try await fixture.catchUp()
        let clerk = try await fixture.token(.clerk)
        let admin = fixture.admin
        let station = fixture.station
        try await fixture.test { client in
            let written = try await client.expect(.post, "/disputes", token: clerk, body: [
                "stationId": station, "category": "labour", "discoveredVia": "grid_worker",
            ], status: .created)
            let position = written["globalPosition"] as? Int ?? 0
            let before = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31", token: admin, status: .ok)
            #expect(before["asOfPosition"] as? Int == position - 1, "the new dispute is not applied yet")
            // No projector runs in this test, so the position is never applied.
            let late = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31&minPosition=\(position)", token: admin, status: .serviceUnavailable)
            #expect(late.headers[.retryAfter] == "5")
        }
    }
}

/// `asOfPosition` never claims an event the projections have not applied, even when the
/// log's positions and commit order disagree.
@Suite(.database)
struct AsOfPositionTests {
    @Test func aLowerPositionCommittedLaterHoldsAsOfPositionBack() async throws {
        let fixture = try await AppFixture.make()
        let pool = fixture.database.pool
        let station = fixture.station
        func insert(_ position: Int64?) async throws {
            let id = UUID()
            let event = try NewEvent(
                encoding: .disputeLogged(DisputeLogged(disputeId: id, stationId: station, category: .other, discoveredVia: .walkIn)),
                occurredAt: Date(timeIntervalSince1970: 1_709_280_000), actor: "test", stationId: station)
            let columns = "event_id, stream_id, stream_version, type, schema_version, data, occurred_at, actor, station_id"
            let values: [(any PostgresBindable)?] = [event.eventId, StreamKind.disputeStreamId(id), 1, event.type, event.schemaVersion,
                                                      JSONText(event.data), event.occurredAt, "test", station]
            try await pool.withConnection { connection in
                if let position {
                    // Taken out of the sequence's order, as a slow concurrent writer's would be.
                    try await connection.query(
                        "insert into ledger.events (global_position, \(columns)) overriding system value values ($10, $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)",
                        values + [position])
                } else {
                    try await connection.query(
                        "insert into ledger.events (\(columns)) values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)", values)
                }
            }
        }
        try await insert(100)
        try await fixture.catchUp()
        try await insert(nil)
        let admin = fixture.admin
        try await fixture.test { client in
            let answer = try await client.expect(.get, "/stats/disputes?from=2024-03-01&to=2024-03-31", token: admin, status: .ok)
            // Position 3 (the later commit) is not applied, so nothing at or above it may be claimed.
            #expect(answer["asOfPosition"] as? Int == 2)
        }
    }
}
