import Events
import Foundation
import Testing

@Suite("Event codec")
struct CodecTests {
    private func json(_ event: DomainEvent) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: EventRegistry.encode(event).data)
    }

    @Test func everyContractTypeIsRegistered() {
        #expect(EventRegistry.eventTypes == [
            "StationRegistered", "CommunityRegistered", "StationTargetChanged", "DisputeLogged",
            "MediationHeld", "DisputeReferred", "DisputeResolved", "DisputeClosedUnresolved",
            "DisputeReopened", "FollowUpConducted", "PartyDataErased", "AlertReceived", "AlertReclassified",
            "UnitDispatched", "UnitEnRoute", "UnitArrived", "AlertDiverted", "AlertCleared", "AlertCancelled",
            "AlertReopened", "EntryRetracted", "EntryAmended",
        ])
        #expect(EventRegistry.currentSchemaVersion(of: "AlertReceived") == 2)
        #expect(EventRegistry.currentSchemaVersion(of: "MediationHeld") == 1)
        #expect(EventRegistry.currentSchemaVersion(of: "Nope") == nil)
    }

    @Test func payloadsUseTheContractKeysAndValues() throws {
        let logged = try json(Make.logged(category: .propertyManagement))
        #expect(Set(logged.keys) == ["disputeId", "stationId", "category", "discoveredVia", "communityId", "parties", "key"])
        #expect(logged["category"] == .string("property_management"))
        #expect(logged["discoveredVia"] == .string("walk_in"))
        #expect(logged["parties"] == .array([.object(["name": .string("Wang"), "phone": .string("138")]), .object(["name": .string("Li")])]))

        let resolved = try json(Make.resolved)
        #expect(resolved["agreementDeadline"] == .string("2024-04-15"))
        #expect(resolved["resolutionLevel"] == .string("community"))

        let received = try json(Make.received(category: .nonPolice))
        #expect(received["policeMatter"] == .bool(false))
        #expect(received["channel"] == .string("phone_110"))
    }

    @Test func encodingIsStableBytes() throws {
        let first = try EventRegistry.encode(Make.logged())
        let second = try EventRegistry.encode(Make.logged())
        #expect(first == second)
        #expect(first.type == "DisputeLogged")
        #expect(first.schemaVersion == 1)
    }

    @Test func anUnknownValueGetsAClearMessage() {
        do {
            _ = try EventRegistry.decodeSubmission(
                type: "MediationHeld", data: Data(#"{"mechanism":"police","outcome":"success"}"#.utf8))
            Issue.record("an unknown outcome was accepted")
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.description == "MediationHeld: outcome: \"success\" is not one of agreement, no_agreement, adjourned")
        }
    }

    @Test func anUnknownValueInAStoredRowIsADecodingError() {
        do {
            _ = try EventRegistry.decodeStored(
                type: "AlertCleared", schemaVersion: 1, data: Data(#"{"disposition":"solved"}"#.utf8))
            Issue.record("an unknown disposition was read")
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.detail == "AlertCleared: disposition: \"solved\" is not one of handled, mediated, case_opened, invalid, duplicate, advice_only")
        }
    }

    @Test(arguments: [
        ("MediationHeld", #"{"mechanism":"police"}"#, "MediationHeld: outcome is required"),
        ("UnitDispatched", #"{"unitId":7}"#, "UnitDispatched: unitId must be text"),
        ("AlertDiverted", #"{"agency":"x","beforeDispatch":null}"#, "AlertDiverted: beforeDispatch is required"),
        ("DisputeResolved", #"{"method":"mediation","resolutionLevel":"scene","agreementDeadline":"2024-02-30"}"#,
         "DisputeResolved: agreementDeadline: \"2024-02-30\" is not a date written YYYY-MM-DD"),
        ("DisputeLogged", #"{"disputeId":"6F1C2B9E-0D5A-4C43-9E57-2A8F3D7C1B10","stationId":"s1","category":"land","discoveredVia":"screening","parties":[{"phone":"1"}]}"#,
         "DisputeLogged: parties[0].name is required"),
        ("UnitArrived", #"{"unitId":"P1","notes":"x"}"#, "UnitArrived has no field \"notes\""),
        ("Arrived", #"{}"#, "\"Arrived\" is not an event type; expected one of StationRegistered, CommunityRegistered, StationTargetChanged, DisputeLogged, MediationHeld, DisputeReferred, DisputeResolved, DisputeClosedUnresolved, DisputeReopened, FollowUpConducted, PartyDataErased, AlertReceived, AlertReclassified, UnitDispatched, UnitEnRoute, UnitArrived, AlertDiverted, AlertCleared, AlertCancelled, AlertReopened, EntryRetracted, EntryAmended"),
        ("UnitArrived", #"[1]"#, "the payload is not a JSON object"),
    ])
    func aBadSubmissionSaysWhatIsWrong(_ type: String, _ json: String, _ message: String) {
        do {
            _ = try EventRegistry.decodeSubmission(type: type, data: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.description == message)
        }
    }

    @Test func aSubmittedAlertDefaultsPoliceMatter() throws {
        let event = try EventRegistry.decodeSubmission(
            type: "AlertReceived",
            data: Data(#"{"alertId":"0B7E5C1A-93D4-4F6E-8A21-5C9D0E3F7A42","stationId":"s1","channel":"app","category":"non_police"}"#.utf8))
        guard case .alertReceived(let alert) = event else {
            Issue.record("decoded \(event)")
            return
        }
        #expect(!alert.policeMatter)
        #expect(event.streamId == "alert-0b7e5c1a-93d4-4f6e-8a21-5c9d0e3f7a42")
        #expect(event.stationId == "s1")
    }

    @Test func anAmendmentCarriesAnyJSON() throws {
        let amendment = DomainEvent.entryAmended(
            EntryAmended(
                targetEventId: Make.disputeId,
                changes: ["priority": .integer(1), "occurredAt": .string("2024-03-01T10:05:00Z"), "summary": .null, "score": .number(2.5)],
                reason: "typo"))
        let payload = try EventRegistry.encode(amendment)
        #expect(try EventRegistry.decodeStored(type: payload.type, schemaVersion: payload.schemaVersion, data: payload.data) == amendment)
    }

    @Test func localDatesAreCalendarDates() throws {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2024-4-01") == nil)
        #expect(LocalDate("2024-04-01T00:00") == nil)
        #expect(LocalDate(year: 2024, month: 4, day: 1)?.description == "2024-04-01")
        let lateEveningUTC = try #require(RFC3339.date(from: "2024-03-31T17:30:00Z"))
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        #expect(LocalDate(lateEveningUTC, in: shanghai) == LocalDate("2024-04-01"))
        #expect(try #require(LocalDate("2024-03-31")) < (try #require(LocalDate("2024-04-01"))))
    }

    @Test func streamIdsNameTheirKind() {
        #expect(StreamKind(streamId: "dispute-6f1c2b9e-0d5a-4c43-9e57-2a8f3d7c1b10") == .dispute)
        #expect(StreamKind(streamId: "station-s1") == .station)
        #expect(StreamKind(streamId: "case-1") == nil)
        #expect(Make.logged().streamId == StreamKind.disputeStreamId(Make.disputeId))
        #expect(Make.mediation(.agreement).streamId == nil)
    }

    @Test func aNewEventCarriesTheEncodedPayload() throws {
        let new = try NewEvent(encoding: Make.received(), occurredAt: Fixture.at(0), actor: "officer-7", stationId: "s1")
        #expect(new.type == "AlertReceived")
        #expect(new.schemaVersion == 2)
        #expect(try EventRegistry.decodeStored(type: new.type, schemaVersion: new.schemaVersion, data: new.data) == Make.received())
    }

    /// A time a client writes compares equal to the same time read back from the log (whole
    /// microseconds), whatever its fraction: else two entries at one instant could look as
    /// if time ran backwards.
    @Test func aParsedTimeEqualsTheSameTimeReadBackFromTheLog() throws {
        for millisecond in 0..<1_000 {
            let text = "2026-12-01T13:02:02.\(String(format: "%03d", millisecond))Z"
            let parsed = try #require(RFC3339.date(from: text))
            #expect(parsed == PostgresTime.date(microseconds: PostgresTime.microseconds(parsed)), "\(text)")
            #expect(PostgresTime.microseconds(parsed) == 1_796_130_122_000_000 + Int64(millisecond) * 1_000)
        }
    }
}
