import Events
import Foundation
import Projections
import TestSupport
import Testing

@Suite(.database, .serialized) struct ReplayTests {
    func seed(_ f: Fixture) async throws {
        try await f.station("r1", communities: ["rc"])
        try await f.station("r2", zone: "Asia/Urumqi")
        for day in 1...9 {
            let d = try await f.dispute(day % 2 == 0 ? "r1" : "r2", at: "2024-0\(day)-0\(day)T10:00:00+08:00")
            try await f.append(.mediationHeld(MediationHeld(mechanism: .police, outcome: day % 3 == 0 ? .noAgreement : .agreement)),
                               at: "2024-0\(day)-0\(day)T11:00:00+08:00", stream: d, station: day % 2 == 0 ? "r1" : "r2")
            try await f.alert("r1", at: "2023-0\(day)-0\(day)T10:00:00+08:00", respondingIn: day * 60)
            try await f.alert("r1", at: "2024-0\(day)-0\(day)T10:00:00+08:00", respondingIn: day * 70)
            let a = try await f.alert("r2", at: "2024-0\(day)-0\(day)T23:00:00+08:00", category: .criminal, community: nil)
            if day % 4 == 0 {
                try await f.append(.alertReclassified(AlertReclassified(category: .fire)), at: "2024-0\(day)-0\(day)T23:30:00+08:00", stream: a, station: "r2")
            }
            try await f.catchUp()
        }
    }

    @Test func replayGivesIdenticalStatisticsAndSurvivesInterruption() async throws {
        let f = try Fixture()
        try await seed(f)
        let before = try await f.allStatistics()

        // Interrupted half-way: the served answers do not change.
        let interrupted = Replayer(pool: f.database.pool, logger: f.logger, batchSize: 5) { progress in
            if progress.applied > 10 { throw InjectedFailure() }
        }
        await #expect(throws: InjectedFailure.self) { try await interrupted.replay(.alerts) }
        #expect(try await f.allStatistics() == before)
        #expect(try await f.monitor.status().contains { $0.projection == "alerts" && $0.state == "building" })

        // The live log moves on meanwhile; the re-run resumes and catches up before switching.
        try await f.alert("r1", at: "2024-09-09T12:00:00+08:00", respondingIn: 30)
        try await f.catchUp()
        let live = try await f.allStatistics()
        #expect(live != before)
        for projection in Projection.allCases {
            let done = try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 7).replay(projection)
            #expect(done.switched)
        }
        #expect(try await f.allStatistics() == live)
        let status = try await f.monitor.status()
        #expect(status.count == 3 && status.allSatisfy { $0.state == "active" && $0.version == 2 })

        // The live runner continues on the new version.
        try await f.alert("r1", at: "2024-09-09T13:00:00+08:00", respondingIn: 30)
        try await f.catchUp()
        let report = try await f.statistics.alerts(AlertStatsQuery(filter: StatsFilter(from: Fixture.date("2024-09-09"), to: Fixture.date("2024-09-09"), stationIds: ["r1"])))
        #expect(report.totals.received == 3)
    }

    @Test func aRebuiltCaseTableIsIndexedStoredByStationAndDateAndAnalyzed() async throws {
        let f = try Fixture()
        try await seed(f)
        let done = try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 4).replay(.alerts)
        let table = "alerts_v\(done.version)"
        let facts = try await f.database.pool.withConnection { connection in
            try await connection.query(
                """
                select (select count(*) from pg_indexes where schemaname = 'projections' and tablename = $1) as indexes,
                       (select i.indisclustered from pg_index i where i.indexrelid = ('projections.' || $1 || '_station_id_received_at')::regclass) as clustered,
                       exists (select from pg_stats s where s.schemaname = 'projections' and s.tablename = $1) as analyzed
                """, [table]
            ).first
        }
        // The primary key, (received_at, stream_id), (station_id, received_at) and (station_id, category, received_at).
        #expect(try facts?.decode("indexes", as: Int.self) == 4)
        #expect(try facts?.decode("clustered", as: Bool.self) == true)
        #expect(try facts?.decode("analyzed", as: Bool.self) == true)
    }
}
