import Events
import Foundation
import Testing

/// Shared values for the domain tests.
enum Fixture {
    /// 2024-03-01T08:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_709_280_000)

    /// Stations s1 (communities c1, c2) and s2 (community c9).
    static let reference = ReferenceData(communitiesByStation: ["s1": ["c1", "c2"], "s2": ["c9"]])

    /// `minutes` after `start`.
    static func at(_ minutes: Double) -> Date {
        start.addingTimeInterval(minutes * 60)
    }

    /// The RFC 3339 text of `at(minutes)`.
    static func stamp(_ minutes: Double) -> String {
        RFC3339.string(from: at(minutes))
    }
}

/// One stream built the way the command handler will build it: each command is decided,
/// encoded into a `NewEvent`, stored as a `RecordedEvent` row and read back through the
/// registry. No database: the rows live in an array.
struct StreamFixture<Rules: Lifecycle> {
    let streamId: String
    var reference = Fixture.reference
    private(set) var rows: [RecordedEvent] = []
    private(set) var history = StreamHistory.empty

    init(streamId: String) {
        self.streamId = streamId
    }

    /// The folded state.
    var state: Rules.State? { Rules.state(of: history) }

    /// Records `event` at `minutes` after the fixture start, or throws its rejection.
    @discardableResult
    mutating func record(
        _ event: DomainEvent, at minutes: Double, role: ActorRole = .clerk, eventId: UUID = UUID()
    ) throws -> UUID {
        let command = Command(
            event, eventId: eventId, occurredAt: Fixture.at(minutes), actor: "officer-7", role: role)
        for decided in try Rules.decide(command, given: history, reference: reference) {
            let new = try NewEvent(
                encoding: decided, eventId: command.eventId, occurredAt: command.occurredAt,
                actor: command.actor, stationId: history.stationId(for: decided) ?? "")
            rows.append(
                RecordedEvent(
                    globalPosition: Int64(rows.count + 1), transactionId: 1, eventId: new.eventId,
                    streamId: streamId, streamVersion: rows.count + 1, type: new.type,
                    schemaVersion: new.schemaVersion, data: new.data, occurredAt: new.occurredAt,
                    recordedAt: new.occurredAt, actor: new.actor, stationId: new.stationId))
        }
        history = try StreamHistory(recorded: rows)
        return command.eventId
    }

    /// The rejection `event` at `minutes` meets, or nil (and a recorded issue) if accepted.
    func rejection(
        _ event: DomainEvent, at minutes: Double, role: ActorRole = .clerk,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Rejection? {
        let command = Command(event, occurredAt: Fixture.at(minutes), actor: "officer-7", role: role)
        do {
            _ = try Rules.decide(command, given: history, reference: reference)
            Issue.record("expected a rejection, but it was accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}

/// Builders for the events the tests use most.
enum Make {
    static let disputeId = UUID(uuidString: "6F1C2B9E-0D5A-4C43-9E57-2A8F3D7C1B10") ?? UUID()
    static let alertId = UUID(uuidString: "0B7E5C1A-93D4-4F6E-8A21-5C9D0E3F7A42") ?? UUID()

    static var disputeStream: StreamFixture<DisputeLifecycle> {
        StreamFixture(streamId: StreamKind.disputeStreamId(disputeId))
    }

    static var alertStream: StreamFixture<AlertLifecycle> {
        StreamFixture(streamId: StreamKind.alertStreamId(alertId))
    }

    static func logged(
        station: String = "s1", community: String? = "c1",
        category: DisputeLogged.Category = .neighbour
    ) -> DomainEvent {
        .disputeLogged(
            DisputeLogged(
                disputeId: disputeId, stationId: station, category: category,
                discoveredVia: .walkIn, communityId: community,
                parties: [.init(name: "Wang", phone: "138"), .init(name: "Li")], key: true))
    }

    static func mediation(_ outcome: MediationHeld.Outcome) -> DomainEvent {
        .mediationHeld(MediationHeld(mechanism: .peoples, outcome: outcome, venue: "community office"))
    }

    static let referred = DomainEvent.disputeReferred(
        DisputeReferred(agency: "judicial_office", mechanism: .judicial))
    static let resolved = DomainEvent.disputeResolved(
        DisputeResolved(
            method: .mediation, resolutionLevel: .community,
            agreementDeadline: LocalDate(year: 2024, month: 4, day: 15)))
    static let closed = DomainEvent.disputeClosedUnresolved(
        DisputeClosedUnresolved(reason: .litigation))
    static let reopened = DomainEvent.disputeReopened(DisputeReopened(cause: .agreementBroken))
    static let followUp = DomainEvent.followUpConducted(
        FollowUpConducted(reached: true, rating: .basicallySatisfied, agreementKept: true))

    static func received(
        category: AlertCategory = .publicOrder, priority: Int? = 2, policeMatter: Bool? = nil,
        community: String? = "c2"
    ) -> DomainEvent {
        .alertReceived(
            AlertReceived(
                alertId: alertId, stationId: "s1", channel: .phone110, category: category,
                communityId: community, priority: priority, summary: "noise",
                policeMatter: policeMatter))
    }

    static func dispatched(_ unit: String) -> DomainEvent {
        .unitDispatched(UnitDispatched(unitId: unit))
    }

    static func arrived(_ unit: String) -> DomainEvent {
        .unitArrived(UnitArrived(unitId: unit))
    }

    static func cleared(_ disposition: AlertCleared.Disposition) -> DomainEvent {
        .alertCleared(AlertCleared(disposition: disposition, deaths: 0, injuries: 1))
    }

    static func retract(_ target: UUID) -> DomainEvent {
        .entryRetracted(EntryRetracted(targetEventId: target, reason: "entered by mistake"))
    }

    static func amend(_ target: UUID, _ changes: [String: JSONValue]) -> DomainEvent {
        .entryAmended(EntryAmended(targetEventId: target, changes: changes, reason: "typo"))
    }
}
