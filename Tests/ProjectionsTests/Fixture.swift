import Events
import Foundation
import Logging
import Projections
import TestSupport
import Testing

/// Appends domain events straight to the store, as a command handler would after deciding.
struct Fixture {
    let database: TestDatabase
    let logger = Logger(label: "projections-test")

    init() throws {
        database = try TestDatabase.require()
    }

    var statistics: Statistics {
        Statistics(pool: database.pool, logger: logger, now: { Fixture.time("2024-05-07T12:00:00+08:00") })
    }

    var projector: Projector { Projector(pool: database.pool, logger: logger) }

    var monitor: ProjectionMonitor { ProjectionMonitor(pool: database.pool) }

    /// The instant written in RFC 3339.
    static func time(_ text: String) -> Date {
        RFC3339.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func date(_ text: String) -> LocalDate {
        LocalDate(text) ?? LocalDate(Date(timeIntervalSince1970: 0), in: .gmt)
    }

    /// Appends `event` to `stream` (or the stream the payload names) and returns its id.
    @discardableResult
    func append(_ event: DomainEvent, at time: String, stream: String? = nil, station: String) async throws -> UUID {
        let id = UUID()
        let streamId = try #require(stream ?? event.streamId)
        try await database.store.append(
            [NewEvent(encoding: event, eventId: id, occurredAt: Self.time(time), actor: "test", stationId: station)],
            to: streamId, expected: .any)
        return id
    }

    func station(_ id: String, zone: String = "Asia/Shanghai", target: Int = 10, communities: [String] = []) async throws {
        try await append(.stationRegistered(StationRegistered(stationId: id, name: id, timeZone: zone, responseTargetMinutes: target)),
                         at: "2020-01-01T00:00:00Z", station: id)
        for community in communities {
            try await append(.communityRegistered(CommunityRegistered(stationId: id, communityId: community, name: community, areaClass: .urban)),
                             at: "2020-01-01T00:00:00Z", station: id)
        }
    }

    /// Starts an alert and returns its stream id.
    @discardableResult
    func alert(
        _ station: String, at time: String, category: AlertCategory = .publicOrder, community: String? = nil
    ) async throws -> String {
        let received = AlertReceived(alertId: UUID(), stationId: station, channel: .phone110, category: category, communityId: community)
        try await append(.alertReceived(received), at: time, station: station)
        return StreamKind.alertStreamId(received.alertId)
    }

    /// An alert with dispatch and arrival `seconds` after receipt.
    @discardableResult
    func alert(_ station: String, at time: String, respondingIn seconds: Int) async throws -> String {
        let stream = try await alert(station, at: time)
        let received = Self.time(time)
        try await database.store.append(
            [
                NewEvent(encoding: .unitDispatched(UnitDispatched(unitId: "u1")), occurredAt: received, actor: "test", stationId: station),
                NewEvent(encoding: .unitArrived(UnitArrived(unitId: "u1")), occurredAt: received.addingTimeInterval(TimeInterval(seconds)), actor: "test", stationId: station),
            ], to: stream, expected: .any)
        return stream
    }

    /// Starts a dispute and returns its stream id.
    @discardableResult
    func dispute(_ station: String, at time: String, key: Bool = false, category: DisputeLogged.Category = .neighbour) async throws -> String {
        let logged = DisputeLogged(disputeId: UUID(), stationId: station, category: category, discoveredVia: .walkIn, key: key)
        try await append(.disputeLogged(logged), at: time, station: station)
        return StreamKind.disputeStreamId(logged.disputeId)
    }

    /// Brings the projections up to the log's head. The log is read only below the oldest
    /// running transaction of the whole cluster, which another suite may hold for a moment,
    /// so this repeats until the head is applied.
    func catchUp() async throws {
        let head = try await database.store.headPosition()
        for _ in 0..<200 {
            try await projector.catchUp()
            do {
                try await monitor.waitForPosition(head, timeout: .milliseconds(50))
                return
            } catch let error as ProjectionError where error.code == .notCaughtUp {
                continue
            }
        }
        Issue.record("the projections did not reach position \(head)")
    }

    /// Every statistic as JSON, for equivalence checks.
    func allStatistics() async throws -> [Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let from = Self.date("2023-01-01"), to = Self.date("2024-12-31")
        var answers: [Data] = []
        for groups in [[], [GroupKey.station], [.community, .month], [.category, .day]] {
            let filter = try StatsFilter(from: from, to: to, groupBy: groups)
            answers.append(try encoder.encode(try await statistics.disputes(DisputeStatsQuery(filter: filter))))
            answers.append(try encoder.encode(try await statistics.alerts(AlertStatsQuery(filter: filter))))
        }
        var initial = try StatsFilter(from: from, to: to, groupBy: [.initialCategory])
        answers.append(try encoder.encode(try await statistics.alerts(AlertStatsQuery(filter: initial))))
        initial.groupBy = [.station]
        answers.append(try encoder.encode(try await statistics.quietDays(QuietDaysQuery(filter: initial))))
        answers.append(try encoder.encode(try await statistics.compare(CompareQuery(metric: "alerts.received", period: .year(2024)))))
        answers.append(try encoder.encode(try await statistics.compare(CompareQuery(metric: "disputes.mediationSuccessRate", period: .year(2024)))))
        return answers
    }
}
