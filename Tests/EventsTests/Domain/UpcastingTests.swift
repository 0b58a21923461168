import Events
import Foundation
import Testing

@Suite("Upcasting")
struct UpcastingTests {
    private func storedRow(schemaVersion: Int, json: String) -> RecordedEvent {
        RecordedEvent(
            globalPosition: 41, transactionId: 7, eventId: UUID(), streamId: StreamKind.alertStreamId(Make.alertId),
            streamVersion: 1, type: "AlertReceived", schemaVersion: schemaVersion, data: Data(json.utf8),
            occurredAt: Fixture.at(0), recordedAt: Fixture.at(1), actor: "import", stationId: "s1")
    }

    private let version1 = """
        {"alertId":"\(Make.alertId.uuidString)","stationId":"s1","channel":"hotline_12345",
         "category":"non_police","communityId":"c2","priority":3}
        """

    @Test func aStoredVersion1AlertGetsPoliceMatterFromItsCategory() throws {
        let row = storedRow(schemaVersion: 1, json: version1)
        let envelope = try EventRegistry.decode(row)
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.globalPosition == 41)
        #expect(envelope.transactionId == 7)
        #expect(envelope.recordedAt == Fixture.at(1))
        #expect(envelope.event == .alertReceived(
            AlertReceived(
                alertId: Make.alertId, stationId: "s1", channel: .hotline12345, category: .nonPolice,
                communityId: "c2", priority: 3, policeMatter: false)))
        #expect(row.data == Data(version1.utf8), "the stored row is never rewritten")
    }

    @Test func aStoredVersion1CriminalAlertIsAPoliceMatter() throws {
        let json = version1.replacingOccurrences(of: "non_police", with: "criminal")
        guard case .alertReceived(let alert) = try EventRegistry.decode(storedRow(schemaVersion: 1, json: json)).event else {
            Issue.record("not decoded as AlertReceived")
            return
        }
        #expect(alert.policeMatter)
        #expect(alert.category == .criminal)
    }

    @Test func version2RequiresPoliceMatter() {
        #expect(throws: EventDecodingError.self) {
            try EventRegistry.decode(storedRow(schemaVersion: 2, json: version1))
        }
        do {
            _ = try EventRegistry.decode(storedRow(schemaVersion: 2, json: version1))
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.detail == "AlertReceived: policeMatter is required")
        }
    }

    @Test func aVersionNewerThanTheCodeIsRefused() {
        do {
            _ = try EventRegistry.decode(storedRow(schemaVersion: 3, json: version1))
            Issue.record("a version 3 row was read")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.description == "stored AlertReceived event could not be read (unsupportedVersion)")
        }
    }

    @Test func theRulesWorkOnAnUpcastStream() throws {
        let history = try StreamHistory(recorded: [storedRow(schemaVersion: 1, json: version1)])
        let state = try #require(AlertLifecycle.state(of: history))
        #expect(!state.policeMatter)
        #expect(history.expectedVersion == .exact(1))
        let events = try AlertLifecycle.decide(
            Command(Make.dispatched("P1"), occurredAt: Fixture.at(3), actor: "officer-7"),
            given: history, reference: Fixture.reference)
        #expect(events == [Make.dispatched("P1")])
    }
}
