import Events
import Foundation
@testable import Projections
import TestSupport
import Testing

/// The month aggregates against the case rows: on randomized logs (cases near month ends
/// in three zones, corrections applied after their cases were projected, a zone amendment,
/// a target change mid-month, officer-initiated alerts, units en route, reopened alerts),
/// every statistic read through the aggregates must equal the
/// same statistic read from every case row, figure for figure, for ranges that start and
/// end mid-month as well as on whole months, live and after a replay.
@Suite(.database, .serialized) struct MonthAggregateTests {
    /// SplitMix64: a seeded generator, so a failing log can be built again from its seed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let start = Fixture.time("2023-12-01T00:00:00Z")
    static let span: TimeInterval = 7 * 30 * 86_400

    @Test(arguments: [11, 12, 13] as [UInt64]) func aggregatesAnswerExactlyAsTheCaseRows(seed: UInt64) async throws {
        let f = try Fixture()
        var random = Seeded(state: seed)
        let stations = ["sh", "be", "ny"].map { "\($0)\(seed)" }
        try await f.station(stations[0])
        try await f.station(stations[1], zone: "Europe/Berlin", target: 8)
        try await f.station(stations[2], zone: "America/New_York")
        try await f.catchUp()

        var corrections: [() async throws -> Void] = []
        for index in 0..<160 {
            let station = stations[Int.random(in: 0..<3, using: &random)]
            let received = Self.instant(&random)
            if index % 2 == 0 {
                try await alert(f, station, at: received, random: &random, corrections: &corrections)
            } else {
                try await dispute(f, station, at: received, random: &random, corrections: &corrections)
            }
            if index % 40 == 39 { try await f.catchUp() }
        }
        // Corrections and reference changes after the cases they change were projected.
        try await f.catchUp()
        corrections.shuffle(using: &random)
        for correction in corrections { try await correction() }
        try await f.append(
            .stationTargetChanged(StationTargetChanged(stationId: stations[1], responseTargetMinutes: 5, effectiveFrom: Fixture.date("2024-03-17"))),
            at: "2024-01-01T00:00:00Z", station: stations[1])
        let registered = try #require(try await f.database.store.readStream(StreamKind.stationStreamId(stations[2])).first?.eventId)
        try await f.append(
            .entryAmended(EntryAmended(targetEventId: registered, changes: ["timeZone": .string("Asia/Shanghai")], reason: "wrong zone")),
            at: "2024-01-01T00:00:00Z", stream: StreamKind.stationStreamId(stations[2]), station: stations[2])
        try await f.catchUp()

        let coverage = try await coveredMonths(f, station: stations[0], from: "2024-02-01", to: "2024-03-31")
        #expect(coverage == 2, "a whole-month question must be answered from the aggregates")
        try await compareAnswers(f, stations: stations, random: &random)
        for projection in [Projection.alerts, .disputes] {
            try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 17).replay(projection)
        }
        try await compareAnswers(f, stations: stations, random: &random)
    }

    /// A version made before the aggregates existed is answered from its rows, and gets
    /// its aggregates, filled from those rows, the next time the projections are installed.
    @Test func aVersionWithoutAggregatesIsReadFromRowsThenGivenThem() async throws {
        let f = try Fixture()
        var random = Seeded(state: 7)
        try await f.station("old")
        var corrections: [() async throws -> Void] = []
        for _ in 0..<30 {
            try await alert(f, "old", at: Self.instant(&random), random: &random, corrections: &corrections)
            try await dispute(f, "old", at: Self.instant(&random), random: &random, corrections: &corrections)
        }
        try await f.catchUp()
        let filter = try StatsFilter(from: Fixture.date("2023-12-01"), to: Fixture.date("2024-05-31"), stationIds: ["old"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var rows = f.statistics
        rows.sublinearReads = false
        let expected = try encoder.encode(await rows.alerts(AlertStatsQuery(filter: filter)))
        try await f.database.pool.withConnection { connection in
            for projection in [Projection.alerts, .disputes] {
                let version: Int = try #require(try await connection.query(
                    "select version from projections.versions where projection = $1 and state = 'active'", [projection.rawValue]
                ).first?.decode("version"))
                for table in projection.model.aggregates {
                    try await connection.query("drop table \(table.schema.table(version: version)) cascade")
                }
            }
        }
        #expect(try encoder.encode(await f.statistics.alerts(AlertStatsQuery(filter: filter))) == expected)
        #expect(try await coveredMonths(f, station: "old", from: "2024-01-01", to: "2024-02-29") == 0)
        try await f.database.pool.withConnection { try await ProjectionCatalog.install(on: $0) }
        #expect(try await coveredMonths(f, station: "old", from: "2024-01-01", to: "2024-02-29") == 2)
        #expect(try encoder.encode(await f.statistics.alerts(AlertStatsQuery(filter: filter))) == expected)
    }

    /// An instant in the seven months, a third of them within a day of a month's start.
    static func instant(_ random: inout Seeded) -> Date {
        if Int.random(in: 0..<3, using: &random) == 0 {
            let month = Int.random(in: 1...6, using: &random)
            let boundary = Calendar(identifier: .gregorian).date(
                byAdding: .month, value: month, to: start) ?? start
            return boundary.addingTimeInterval(TimeInterval(Int.random(in: -86_400...86_400, using: &random)))
        }
        return start.addingTimeInterval(TimeInterval(Int.random(in: 0..<Int(span), using: &random)))
    }

    func alert(
        _ f: Fixture, _ station: String, at received: Date, random: inout Seeded, corrections: inout [() async throws -> Void]
    ) async throws {
        let categories: [AlertCategory] = [.publicOrder, .criminal, .nonPolice, .trafficAccident]
        let channels: [AlertReceived.Channel] = [.phone110, .phone110, .app, .patrol]
        let receivedEvent = AlertReceived(
            alertId: UUID(), stationId: station, channel: channels[Int.random(in: 0..<channels.count, using: &random)],
            category: categories[Int.random(in: 0..<categories.count, using: &random)])
        let stream = StreamKind.alertStreamId(receivedEvent.alertId)
        var events = [try NewEvent(encoding: .alertReceived(receivedEvent), occurredAt: received, actor: "test", stationId: station)]
        let dispatched = received.addingTimeInterval(TimeInterval(Int.random(in: 0...400, using: &random)))
        let arrived = dispatched.addingTimeInterval(TimeInterval(Int.random(in: 30...1_500, using: &random)))
        let arrivalId = UUID()
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 8 {
            events.append(try NewEvent(encoding: .unitDispatched(UnitDispatched(unitId: "u1")), occurredAt: dispatched, actor: "test", stationId: station))
            if Int.random(in: 0..<4, using: &random) > 0 {
                let enRoute = dispatched.addingTimeInterval(TimeInterval(Int.random(in: 0...25, using: &random)))
                events.append(try NewEvent(encoding: .unitEnRoute(UnitEnRoute(unitId: "u1")), occurredAt: enRoute, actor: "test", stationId: station))
            }
            if roll < 7 {
                events.append(try NewEvent(encoding: .unitArrived(UnitArrived(unitId: "u1")), eventId: arrivalId, occurredAt: arrived, actor: "test", stationId: station))
            }
            let cleared = arrived.addingTimeInterval(TimeInterval(Int.random(in: 60...7_200, using: &random)))
            events.append(try NewEvent(
                encoding: .alertCleared(AlertCleared(disposition: .handled, deaths: Int.random(in: 0...1, using: &random), injuries: Int.random(in: 0...2, using: &random))),
                occurredAt: cleared, actor: "test", stationId: station))
            // Some are reopened: a unit sent back and cleared again, or still open.
            let reopen = Int.random(in: 0..<6, using: &random)
            if reopen < 2 {
                events.append(try NewEvent(encoding: .alertReopened(AlertReopened(reason: "caller rang again")), occurredAt: cleared.addingTimeInterval(600), actor: "test", stationId: station))
            }
            if reopen == 0 {
                events.append(try NewEvent(encoding: .unitDispatched(UnitDispatched(unitId: "u2")), occurredAt: cleared.addingTimeInterval(660), actor: "test", stationId: station))
                events.append(try NewEvent(encoding: .unitArrived(UnitArrived(unitId: "u2")), occurredAt: cleared.addingTimeInterval(1_500), actor: "test", stationId: station))
                events.append(try NewEvent(
                    encoding: .alertCleared(AlertCleared(disposition: .handled, injuries: Int.random(in: 0...2, using: &random))),
                    occurredAt: cleared.addingTimeInterval(Double(Int.random(in: 1_600...9_000, using: &random))), actor: "test", stationId: station))
            }
        } else if roll == 8 {
            events.append(try NewEvent(encoding: .alertCancelled(AlertCancelled(reason: "withdrawn")), occurredAt: dispatched, actor: "test", stationId: station))
        }
        _ = try await f.database.store.append(events, to: stream, expected: .any)
        let correction = Int.random(in: 0..<8, using: &random)
        let later = arrived.addingTimeInterval(TimeInterval(Int.random(in: -900...900, using: &random)))
        let receivedId = events[0].eventId
        if correction == 0 && roll < 7 {
            corrections.append {
                try await f.append(.entryAmended(EntryAmended(targetEventId: arrivalId, changes: ["occurredAt": .string(RFC3339.string(from: later))], reason: "typo")),
                                   at: "2024-07-01T00:00:00Z", stream: stream, station: station)
            }
        } else if correction == 1 {
            // Moves the alert by up to two days: often into another month.
            let moved = received.addingTimeInterval(TimeInterval(Int.random(in: -172_800...172_800, using: &random)))
            corrections.append {
                try await f.append(.entryAmended(EntryAmended(targetEventId: receivedId, changes: ["occurredAt": .string(RFC3339.string(from: moved))], reason: "typo")),
                                   at: "2024-07-01T00:00:00Z", stream: stream, station: station)
            }
        } else if correction == 2 {
            corrections.append {
                try await f.append(.entryRetracted(EntryRetracted(targetEventId: receivedId, reason: "duplicate")),
                                   at: "2024-07-01T00:00:00Z", stream: stream, station: station)
            }
        }
    }

    func dispute(
        _ f: Fixture, _ station: String, at logged: Date, random: inout Seeded, corrections: inout [() async throws -> Void]
    ) async throws {
        let loggedEvent = DisputeLogged(disputeId: UUID(), stationId: station, category: .neighbour, discoveredVia: .walkIn, key: Bool.random(using: &random))
        let stream = StreamKind.disputeStreamId(loggedEvent.disputeId)
        var events = [try NewEvent(encoding: .disputeLogged(loggedEvent), occurredAt: logged, actor: "test", stationId: station)]
        var at = logged
        func next(_ seconds: ClosedRange<Int>, _ random: inout Seeded) -> Date {
            at = at.addingTimeInterval(TimeInterval(Int.random(in: seconds, using: &random)))
            return at
        }
        let outcomes: [MediationHeld.Outcome] = [.agreement, .noAgreement, .adjourned]
        if Bool.random(using: &random) {
            events.append(try NewEvent(
                encoding: .mediationHeld(MediationHeld(mechanism: .police, outcome: outcomes[Int.random(in: 0..<3, using: &random)])),
                occurredAt: next(600...86_400, &random), actor: "test", stationId: station))
        }
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 6 {
            let levels: [DisputeResolved.Level] = [.scene, .grid, .station]
            events.append(try NewEvent(
                encoding: .disputeResolved(DisputeResolved(method: .mediation, resolutionLevel: levels[Int.random(in: 0..<3, using: &random)])),
                occurredAt: next(3_600...(30 * 86_400), &random), actor: "test", stationId: station))
            if roll == 0 {
                events.append(try NewEvent(encoding: .disputeReopened(DisputeReopened(cause: .recurrence)), occurredAt: next(60...86_400, &random), actor: "test", stationId: station))
            }
            let ratings: [FollowUpConducted.Rating] = [.satisfied, .basicallySatisfied, .dissatisfied]
            events.append(try NewEvent(
                encoding: .followUpConducted(FollowUpConducted(reached: true, rating: ratings[Int.random(in: 0..<3, using: &random)])),
                occurredAt: next(60...86_400, &random), actor: "test", stationId: station))
        } else if roll == 6 {
            events.append(try NewEvent(encoding: .disputeClosedUnresolved(DisputeClosedUnresolved(reason: .refused)), occurredAt: next(60...86_400, &random), actor: "test", stationId: station))
        }
        _ = try await f.database.store.append(events, to: stream, expected: .any)
        let loggedId = events[0].eventId
        let moved = logged.addingTimeInterval(TimeInterval(Int.random(in: -172_800...0, using: &random)))
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            corrections.append {
                try await f.append(.entryAmended(EntryAmended(targetEventId: loggedId, changes: ["occurredAt": .string(RFC3339.string(from: moved))], reason: "typo")),
                                   at: "2024-07-01T00:00:00Z", stream: stream, station: station)
            }
        case 1:
            corrections.append {
                try await f.append(.entryRetracted(EntryRetracted(targetEventId: loggedId, reason: "duplicate")),
                                   at: "2024-07-01T00:00:00Z", stream: stream, station: station)
            }
        default: break
        }
    }

    /// The aggregate months a question on `station` is answered from; 0 when there are none.
    func coveredMonths(_ f: Fixture, station: String, from: String, to: String) async throws -> Int {
        let filter = try StatsFilter(from: Fixture.date(from), to: Fixture.date(to), stationIds: [station])
        return try await f.statistics.snapshot(Statistics.alertProjections) { connection, _, tables in
            let reader = MonthAggregateReader(
                cohort: .alerts, aggregates: AlertCase.monthAggregates, tables: tables, filter: filter,
                target: .init(override: nil, responseKinds: ["response"]),
                reported: AlertCase.reportedIntervals(includeOfficerInitiated: false))
            guard try await reader.totalsIfKept(on: connection) != nil else { return 0 }
            return try await reader.coverage(on: connection).months.count
        }
    }

    /// Random questions answered both ways; any difference in any figure fails.
    func compareAnswers(_ f: Fixture, stations: [String], random: inout Seeded) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let aggregated = f.statistics
        var rows = f.statistics
        rows.sublinearReads = false
        let metrics = ["alerts.received", "alerts.response.p90Seconds", "alerts.onScene.p50Seconds", "alerts.withinTargetRate",
                       "disputes.medianDaysToResolve", "disputes.satisfactionRate", "alerts.dispatchDelay.meanSeconds",
                       "alerts.turnout.p50Seconds", "alerts.drive.p90Seconds", "alerts.reopened", "alerts.officerInitiated"]
        for question in 0..<30 {
            let (from, to) = Self.range(&random, wholeMonths: question % 3 == 0)
            let scope = [[], [stations[Int.random(in: 0..<3, using: &random)]], Array(stations.prefix(2))][question % 3]
            let groupBy: [GroupKey] = question % 5 == 4 ? [.station] : []
            let filter = try StatsFilter(from: from, to: to, stationIds: scope, groupBy: groupBy)
            let target = question % 4 == 3 ? 7 : nil
            let officers = question % 7 == 2
            let alerts = try AlertStatsQuery(filter: filter, targetMinutes: target, includeOfficerInitiated: officers)
            let disputes = try DisputeStatsQuery(filter: filter)
            let compare = try CompareQuery(
                metric: metrics[question % metrics.count], period: .custom(from: from, to: to), against: .previous,
                stationIds: scope, targetMinutes: target, includeOfficerInitiated: officers)
            let label = "\(from)…\(to) \(scope) target \(String(describing: target)) officers \(officers)"
            #expect(try encoder.encode(await aggregated.alerts(alerts)) == encoder.encode(await rows.alerts(alerts)), "alerts \(label)")
            #expect(try encoder.encode(await aggregated.disputes(disputes)) == encoder.encode(await rows.disputes(disputes)), "disputes \(label)")
            #expect(try encoder.encode(await aggregated.compare(compare)) == encoder.encode(await rows.compare(compare)), "compare \(compare.metric) \(label)")
            let quiet = try QuietDaysQuery(
                filter: StatsFilter(from: from, to: to, stationIds: scope, groupBy: [.station]),
                category: question % 2 == 0 ? .criminal : .publicOrder)
            #expect(try encoder.encode(await aggregated.quietDays(quiet)) == encoder.encode(await rows.quietDays(quiet)), "quiet days \(label)")
        }
    }

    /// A range in the log's months: whole months, or from and to anywhere.
    static func range(_ random: inout Seeded, wholeMonths: Bool) -> (LocalDate, LocalDate) {
        let first = Fixture.date("2023-12-01").dayNumber
        if wholeMonths {
            let months = ["2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"]
            let a = Int.random(in: 0..<7, using: &random)
            let b = Int.random(in: (a + 1)...7, using: &random)
            let end = Fixture.date(months[b]).dayNumber - 1
            return (Fixture.date(months[a]), LocalDate(dayNumber: end) ?? Fixture.date(months[a]))
        }
        let a = first + Int.random(in: -3..<215, using: &random)
        let b = a + Int.random(in: 0..<120, using: &random)
        return (LocalDate(dayNumber: a) ?? Fixture.date("2024-01-01"), LocalDate(dayNumber: b) ?? Fixture.date("2024-01-01"))
    }
}
