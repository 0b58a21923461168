import Events
import Foundation
import PropertyBased
import Testing

/// One random step of a clerk's day: what to record, a die for its details, how many
/// minutes after the previous attempt (sometimes before it), and the recorder's role.
struct Step: Sendable, CustomStringConvertible {
    let kind: Int
    let detail: Int
    let minutes: Int
    let role: ActorRole

    var description: String { "(\(kind), \(detail), \(minutes)m, \(role))" }

    static let sequences = zip(
        Gen.int(in: 0...13), Gen.int(in: 0...23), Gen.int(in: -4...40), Gen<ActorRole>.case
    )
    .map { Step(kind: $0, detail: $1, minutes: $2, role: $3) }
    .array(of: 1...30)
}

@Suite("Lifecycle properties")
struct LifecyclePropertyTests {
    @Test func acceptedDisputeSequencesFoldToLegalStates() async {
        await propertyCheck(count: 150, input: Step.sequences) { steps in
            var stream = Make.disputeStream
            run(steps, on: &stream, start: Make.logged()) { step, stream in
                disputeEvent(step, stream.history)
            }
            let state = checkFold(of: stream)
            if let state {
                #expect(state.agreements <= state.mediations)
                #expect(state.status != .resolved || state.firstResolvedAt != nil)
                #expect(state.status != .referred || state.referrals > 0)
                #expect(state.status != .mediationFailed || state.mediations > 0)
                #expect(state.loggedAt == stream.history.effective.first?.occurredAt)
            }
        }
    }

    @Test func acceptedAlertSequencesFoldToLegalStates() async {
        await propertyCheck(count: 150, input: Step.sequences) { steps in
            var stream = Make.alertStream
            run(steps, on: &stream, start: Make.received()) { step, stream in
                alertEvent(step, stream.history)
            }
            guard let state = checkFold(of: stream) else { return }
            let arrived = state.units.values.filter { $0.arrivedAt != nil }
            if let dispatched = state.firstDispatchedAt {
                #expect(state.receivedAt <= dispatched)
            }
            if let arrival = state.firstArrivedAt {
                #expect(state.firstDispatchedAt.map { $0 <= arrival } == true)
            }
            if let cleared = state.clearedAt {
                #expect((state.firstArrivedAt ?? state.firstDispatchedAt ?? state.receivedAt) <= cleared)
            }
            if let enRoute = state.firstEnRouteAt {
                #expect(state.firstDispatchedAt.map { $0 <= enRoute } == true)
                #expect(state.firstArrivedAt.map { enRoute <= $0 } ?? true)
            }
            for unit in state.units.values {
                #expect(unit.arrivedAt.map { unit.dispatchedAt <= $0 } ?? true)
                #expect(unit.enRouteAt.map { unit.dispatchedAt <= $0 && $0 <= (unit.arrivedAt ?? $0) } ?? true)
            }
            #expect((state.status == .cleared) == (state.clearedAt != nil))
            #expect((state.status == .cleared) == (state.clearance != nil))
            let reopenings = stream.history.effective.filter {
                if case .alertReopened = $0.event { return true }
                return false
            }
            #expect(state.reopenings == reopenings.count)
            switch state.status {
            case .received: #expect(state.units.isEmpty)
            case .dispatched: #expect(!state.units.isEmpty && arrived.isEmpty)
            case .onScene: #expect(!arrived.isEmpty)
            case .diverted:
                #expect(state.diversion?.beforeDispatch == state.units.isEmpty)
            case .cleared where state.units.isEmpty:
                #expect(state.clearance.map { AlertCleared.Disposition.withoutUnit.contains($0.disposition) } == true)
            case .cleared, .cancelled: break
            }
            guard case .alertReceived(let received) = stream.history.effective.first?.event else {
                Issue.record("an alert's effective history must start with its receipt")
                return
            }
            #expect(state.initialCategory == received.category)
        }
    }

    @Test func everyEventRoundTripsThroughAStoredRow() async {
        let events = zip(Gen.int(in: 0...20), Gen.int(in: 0...1000), Gen.letterOrNumber.string(of: 1...8), Gen.bool)
            .map { anyEvent(kind: $0, die: $1, text: $2, flag: $3) }
        await propertyCheck(count: 300, input: events) { event in
            let row = try stored(event, at: Fixture.at(0))
            let decoded = try EventRegistry.decode(row)
            #expect(decoded.event == event)
            #expect(decoded.schemaVersion == event.schemaVersion)
            #expect(try EventRegistry.encode(decoded.event).data == row.data)
        }
    }
}

/// Tries every step, recording the accepted ones; a rejection is a normal outcome, any
/// other error a failure.
private func run<Rules: Lifecycle>(
    _ steps: [Step], on stream: inout StreamFixture<Rules>, start: DomainEvent,
    event: (Step, StreamFixture<Rules>) -> DomainEvent
) {
    var clock = 0.0
    do {
        try stream.record(start, at: clock)
        for step in steps {
            clock += Double(step.minutes)
            do {
                try stream.record(event(step, stream), at: clock, role: step.role)
            } catch is Rejection {
                continue
            }
        }
    } catch {
        Issue.record("recording failed outside the rules: \(String(reflecting: error))")
    }
}

/// Checks that the stream's effective history is legal, folds deterministically, survives a
/// fresh read of its rows, and that every stored row round-trips; returns the state.
private func checkFold<Rules: Lifecycle>(of stream: StreamFixture<Rules>) -> Rules.State? {
    let effective = stream.history.effective
    let folded = Rules.fold(effective)
    #expect(Rules.fold(effective) == folded)
    do {
        #expect(try Rules.replay(effective, reference: stream.reference) == folded)
        #expect(Rules.state(of: try StreamHistory(recorded: stream.rows)) == folded)
        for (row, envelope) in zip(stream.rows, stream.history.envelopes) {
            let again = try stored(envelope.event, at: envelope.occurredAt)
            #expect(again.data == row.data)
            #expect(try EventRegistry.decode(again).event == envelope.event)
        }
    } catch {
        Issue.record("an accepted history did not hold: \(String(reflecting: error))")
    }
    #expect(zip(effective, effective.dropFirst()).allSatisfy { $0.occurredAt <= $1.occurredAt })
    return folded
}

/// `event` as a stored row, through `NewEvent` as the command handler writes it.
private func stored(_ event: DomainEvent, at occurredAt: Date) throws -> RecordedEvent {
    let new = try NewEvent(encoding: event, occurredAt: occurredAt, actor: "prop", stationId: "s1")
    return RecordedEvent(
        globalPosition: 1, transactionId: 1, eventId: new.eventId, streamId: "test-1", streamVersion: 1,
        type: new.type, schemaVersion: new.schemaVersion, data: new.data, occurredAt: new.occurredAt,
        recordedAt: new.occurredAt, actor: new.actor, stationId: new.stationId)
}

private func pick<T: CaseIterable>(_ die: Int) -> T where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
    T.allCases[T.allCases.startIndex + die % T.allCases.count]
}

/// A correction of an earlier entry of `history`, or of a stranger when there is none.
private func correction(_ step: Step, _ history: StreamHistory, amend changes: [String: JSONValue]?) -> DomainEvent {
    let target = history.envelopes.isEmpty ? UUID() : history.envelopes[step.detail % history.envelopes.count].eventId
    if let changes {
        return Make.amend(target, changes)
    }
    return Make.retract(target)
}

/// The time of an entry moved by `step.minutes`, for time amendments.
private func movedTime(_ step: Step, _ history: StreamHistory) -> JSONValue {
    let base = history.envelopes.isEmpty ? Fixture.start : history.envelopes[step.detail % history.envelopes.count].occurredAt
    return .string(RFC3339.string(from: base.addingTimeInterval(Double(step.minutes - 10) * 60)))
}

private func disputeEvent(_ step: Step, _ history: StreamHistory) -> DomainEvent {
    switch step.kind {
    case 0: Make.logged(category: pick(step.detail))
    case 1, 2: .mediationHeld(MediationHeld(mechanism: pick(step.detail), outcome: pick(step.detail)))
    case 3: .disputeReferred(DisputeReferred(agency: "court", mechanism: pick(step.detail)))
    case 4: .disputeResolved(DisputeResolved(method: pick(step.detail), resolutionLevel: pick(step.detail)))
    case 5: .disputeClosedUnresolved(DisputeClosedUnresolved(reason: pick(step.detail)))
    case 6: .disputeReopened(DisputeReopened(cause: pick(step.detail)))
    case 7: .followUpConducted(
        step.detail % 3 == 0 ? FollowUpConducted(reached: false) : FollowUpConducted(reached: true, rating: pick(step.detail)))
    case 8: correction(step, history, amend: nil)
    case 9: correction(step, history, amend: ["occurredAt": movedTime(step, history)])
    case 10: correction(step, history, amend: ["note": .string("amended \(step.detail)")])
    default: correction(step, history, amend: ["category": .string(DisputeLogged.Category.allCases[step.detail % 8].rawValue)])
    }
}

private func alertEvent(_ step: Step, _ history: StreamHistory) -> DomainEvent {
    let unit = "P\(step.detail % 3)"
    return switch step.kind {
    case 0: .alertReclassified(AlertReclassified(category: pick(step.detail), priority: step.detail % 4 == 0 ? nil : 1 + step.detail % 3))
    case 1, 2: Make.dispatched(unit)
    case 3, 4: Make.arrived(unit)
    case 5: .alertDiverted(AlertDiverted(agency: "street office", beforeDispatch: step.detail % 2 == 0))
    case 6: .alertCleared(AlertCleared(disposition: pick(step.detail), injuries: step.detail % 3))
    case 7: .alertCancelled(AlertCancelled(reason: "withdrawn"))
    case 12: .unitEnRoute(UnitEnRoute(unitId: unit))
    case 13: .alertReopened(AlertReopened(reason: "caller rang again"))
    case 8: correction(step, history, amend: nil)
    case 9, 10: correction(step, history, amend: ["occurredAt": movedTime(step, history)])
    default: correction(step, history, amend: ["unitId": .string(unit)])
    }
}

/// Any event of the contract, its fields drawn from the dice.
private func anyEvent(kind: Int, die: Int, text: String, flag: Bool) -> DomainEvent {
    let maybe = flag ? text : nil
    let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", die)) ?? UUID()
    let date = LocalDate(year: 2020 + die % 6, month: 1 + die % 12, day: 1 + die % 28)
    switch kind {
    case 0: return .stationRegistered(StationRegistered(stationId: text, name: text, responseTargetMinutes: 1 + die))
    case 1: return .communityRegistered(CommunityRegistered(stationId: "s1", communityId: text, name: text, areaClass: pick(die)))
    case 2: return .stationTargetChanged(StationTargetChanged(stationId: text, responseTargetMinutes: die, effectiveFrom: date ?? LocalDate("2024-01-01") ?? LocalDate(Fixture.start, in: .gmt)))
    case 3:
        return .disputeLogged(
            DisputeLogged(
                disputeId: id, stationId: text, category: pick(die), discoveredVia: pick(die), communityId: maybe,
                summary: maybe, parties: flag ? [.init(name: text, phone: maybe)] : nil, key: flag ? die % 2 == 0 : nil,
                sourceAlertId: flag ? id : nil))
    case 4: return .mediationHeld(MediationHeld(mechanism: pick(die), outcome: pick(die), venue: maybe, mediator: maybe, note: maybe))
    case 5: return .disputeReferred(DisputeReferred(agency: text, mechanism: pick(die), note: maybe))
    case 6: return .disputeResolved(DisputeResolved(method: pick(die), resolutionLevel: pick(die), agreementDeadline: flag ? date : nil, note: maybe))
    case 7: return .disputeClosedUnresolved(DisputeClosedUnresolved(reason: pick(die), note: maybe))
    case 8: return .disputeReopened(DisputeReopened(cause: pick(die), note: maybe))
    case 9: return .followUpConducted(FollowUpConducted(reached: flag, rating: flag ? pick(die) : nil, agreementKept: flag ? die % 2 == 0 : nil, note: maybe))
    case 10:
        return .alertReceived(
            AlertReceived(
                alertId: id, stationId: text, channel: pick(die), category: pick(die), communityId: maybe,
                priority: flag ? 1 + die % 3 : nil, summary: maybe, policeMatter: flag ? die % 2 == 0 : nil))
    case 11: return .alertReclassified(AlertReclassified(category: pick(die), policeMatter: flag ? true : nil, priority: flag ? 1 + die % 3 : nil, reason: maybe))
    case 12: return .unitDispatched(UnitDispatched(unitId: text, note: maybe))
    case 13: return .unitArrived(UnitArrived(unitId: text, note: maybe))
    case 14: return .alertDiverted(AlertDiverted(agency: text, beforeDispatch: flag, workOrderRef: maybe))
    case 15: return .alertCleared(AlertCleared(disposition: pick(die), disputeId: flag ? id : nil, caseRef: maybe, deaths: flag ? die % 3 : nil, injuries: flag ? die % 5 : nil))
    case 16: return .alertCancelled(AlertCancelled(reason: text))
    case 17: return .entryRetracted(EntryRetracted(targetEventId: id, reason: text))
    case 19: return .unitEnRoute(UnitEnRoute(unitId: text, note: maybe))
    case 20: return .alertReopened(AlertReopened(reason: text, note: maybe))
    default:
        return .entryAmended(
            EntryAmended(
                targetEventId: id,
                changes: [text: flag ? .integer(die) : .string(text), "occurredAt": .string(Fixture.stamp(Double(die)))],
                reason: text))
    }
}
