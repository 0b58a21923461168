import Events
import Foundation
import Projections
import TestSupport
import Testing

/// A stream whose rows cannot be derived or written is parked, and everything else goes on.
@Suite(.database, .serialized) struct ParkingTests {
    /// Inserts an event straight into the log, as a superuser could, bypassing every check.
    private func insertRaw(
        _ f: Fixture, id: UUID = UUID(), stream: String, version: Int, type: String, data: String, station: String
    ) async throws {
        let connection = try await f.database.connect()
        defer { Task { await connection.close() } }
        try await connection.query(
            """
            insert into ledger.events (event_id, stream_id, stream_version, type, data, occurred_at, actor, station_id)
            values ($6, $1, $2, $3, $4::jsonb, '2024-06-01T10:00:00+08:00', 'test', $5)
            """, [stream, version, type, data, station, id])
    }

    @Test func poisonedStreamsAreParkedAndTheOthersApplied() async throws {
        let f = try Fixture()
        try await f.station("pk")
        let overflowing = try await f.alert("pk", at: "2024-06-01T09:00:00+08:00", respondingIn: 60)
        let clearance = UUID()
        try await insertRaw(
            f, id: clearance, stream: overflowing, version: 4, type: "AlertCleared",
            data: #"{"disposition": "handled", "deaths": 3000000000}"#, station: "pk")
        let unreadable = "alert-\(UUID().uuidString.lowercased())"
        try await insertRaw(f, stream: unreadable, version: 1, type: "NoSuchEvent", data: "{}", station: "pk")
        let healthy = try await f.alert("pk", at: "2024-06-01T11:00:00+08:00", respondingIn: 120)
        try await f.catchUp()

        let alerts = try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(
            from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-01"), stationIds: ["pk"])))
        #expect(alerts.totals.received == 1)
        #expect(alerts.totals.response.maxSeconds == 120)
        let status = try await f.monitor.status()
        let parked = status.filter { $0.projection == "alerts" }.flatMap(\.parked)
        #expect(Set(parked.map(\.streamId)) == [overflowing, unreadable])
        #expect(parked.allSatisfy { !$0.error.isEmpty })
        #expect(status.allSatisfy { $0.lag == 0 })
        #expect(status.filter { $0.projection != "alerts" }.allSatisfy { $0.parked.isEmpty })
        _ = healthy

        // Retracting the bad clearance mends the stream: its next event retries and unparks it.
        let retraction = try NewEvent(
            encoding: .entryRetracted(EntryRetracted(targetEventId: clearance, reason: "typed the wrong number")),
            occurredAt: Fixture.time("2024-06-01T12:00:00+08:00"), actor: "test", stationId: "pk")
        try await f.database.store.append([retraction], to: overflowing, expected: .any)
        try await f.catchUp()
        let mended = try await f.monitor.status().filter { $0.projection == "alerts" }.flatMap(\.parked)
        #expect(mended.map(\.streamId) == [unreadable])
        let after = try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(
            from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-01"), stationIds: ["pk"])))
        #expect(after.totals.received == 2)

        // A replay parks the same stream in the new version and serves the rest.
        try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 2).replay(.alerts)
        let replayed = try await f.monitor.status().filter { $0.projection == "alerts" }
        #expect(replayed.count == 1 && replayed[0].version == 2)
        #expect(replayed[0].parked.map(\.streamId) == [unreadable])
        #expect(try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(
            from: Fixture.date("2024-06-01"), to: Fixture.date("2024-06-01"), stationIds: ["pk"]))).totals == after.totals)
    }

    @Test func duplicateCommunityParksOneStationNotTheProjection() async throws {
        let f = try Fixture()
        try await f.station("dup-a", communities: ["shared-co"])
        try await f.station("dup-b")
        // A second registration of the same community id under another station, written past the command handler.
        try await insertRaw(
            f, stream: "station-dup-b", version: 2, type: "CommunityRegistered",
            data: #"{"stationId": "dup-b", "communityId": "shared-co", "name": "again", "areaClass": "urban"}"#, station: "dup-b")
        try await f.station("dup-c")
        try await f.catchUp()
        let parked = try await f.monitor.status().filter { $0.projection == "stations" }.flatMap(\.parked)
        #expect(parked.map(\.streamId) == ["station-dup-b"])
        let stations = try await f.database.pool.withConnection { connection in
            try await connection.query( "select station_id from projections.stations where station_id like 'dup-%' order by station_id")
        }.map { try $0.decode("station_id", as: String.self) }
        #expect(stations == ["dup-a", "dup-c"])
    }
}
