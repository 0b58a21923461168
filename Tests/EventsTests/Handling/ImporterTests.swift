import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct ImporterTests {
    // MARK: - Building files

    /// A fresh station id and community id for one test.
    private struct Ids {
        let station = "st\(UUID().uuidString.prefix(8).lowercased())"
        let community = "co\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// One NDJSON line.
    private static func line(
        _ type: String, _ data: [String: Any], at time: String, eventId: UUID = UUID(), actor: String? = nil
    ) throws -> String {
        var object: [String: Any] = ["type": type, "data": data, "eventId": eventId.uuidString, "occurredAt": time]
        if let actor { object["actor"] = actor }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private static func stationLines(_ ids: Ids) throws -> [String] {
        [
            try line("StationRegistered", ["stationId": ids.station, "name": "Fengqiao"], at: "2023-01-01T08:00:00+08:00"),
            try line("CommunityRegistered", ["stationId": ids.station, "communityId": ids.community, "name": "Wanyuan",
                                             "areaClass": "urban"], at: "2023-01-01T08:00:00+08:00"),
        ]
    }

    private static func logged(_ disputeId: UUID, _ ids: Ids, at time: String, eventId: UUID = UUID()) throws -> String {
        try line("DisputeLogged", ["disputeId": disputeId.uuidString, "stationId": ids.station, "communityId": ids.community,
                                   "category": "neighbour", "discoveredVia": "walk_in"], at: time, eventId: eventId)
    }

    private static func mediation(_ disputeId: UUID, outcome: String, at time: String, eventId: UUID = UUID()) throws -> String {
        try line("MediationHeld", ["disputeId": disputeId.uuidString, "mechanism": "peoples", "outcome": outcome],
                 at: time, eventId: eventId)
    }

    private static func resolved(_ disputeId: UUID, at time: String) throws -> String {
        try line("DisputeResolved", ["disputeId": disputeId.uuidString, "method": "mediation", "resolutionLevel": "community"],
                 at: time)
    }

    /// The file's bytes in chunks of `size`, so lines are cut at arbitrary places.
    private static func chunks(_ lines: [String], size: Int = 7) -> AsyncStream<[UInt8]> {
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        return AsyncStream { continuation in
            for start in stride(from: 0, to: bytes.count, by: size) {
                continuation.yield(Array(bytes[start..<min(start + size, bytes.count)]))
            }
            continuation.finish()
        }
    }

    private func importer(batchSize: Int = 2000) throws -> Importer {
        Importer(store: try TestDatabase.require().store, logger: Logger(label: "test"), batchSize: batchSize)
    }

    private func run(_ importer: Importer, _ lines: [String], size: Int = 7) async throws -> ImportReport {
        try await importer.run(Self.chunks(lines, size: size), actor: "importer", role: .admin)
    }

    private func rejections(_ report: ImportReport) -> [Int: ImportRejection.Reason] {
        Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.line, $0.reason) })
    }

    /// A line whose event id is stored (or accepted earlier in the file) with another
    /// `occurredAt` is a conflict, not a duplicate: a second call at another time must not
    /// vanish (events.md, Idempotency).
    @Test func theSameEventIdAtAnotherTimeIsAConflictInTheFileAndAgainstTheLog() async throws {
        let ids = Ids()
        let dispute = UUID()
        let loggedId = UUID()
        let first = try Self.stationLines(ids) + [try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00", eventId: loggedId)]
        let moved = try Self.logged(dispute, ids, at: "2024-03-01T09:00:00+08:00", eventId: loggedId)
        let inFile = try await run(try importer(), first + [moved])
        #expect(inFile.accepted == 3)
        #expect(rejections(inFile) == [4: .eventIdConflict])
        let again = try await run(try importer(), [first[2], moved])
        #expect(again.duplicates == 1)
        #expect(rejections(again) == [2: .eventIdConflict])
    }

    // MARK: - Tests

    @Test func aFileWithGoodDuplicateAndBadLinesStoresTheGoodAndReportsTheBadByLine() async throws {
        let importer = try importer()
        let store = importer.store
        let ids = Ids()
        let dispute = UUID()
        let mediationId = UUID()
        let good = try Self.mediation(dispute, outcome: "adjourned", at: "2024-03-02T09:00:00+08:00", eventId: mediationId)
        let lines = try Self.stationLines(ids) + [
            try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00"),                          // 3 good
            good,                                                                                  // 4 good
            good,                                                                                  // 5 duplicate
            "this is not json",                                                                    // 6 400
            "",                                                                                    // 7 blank
            try Self.line("NoSuchEvent", ["disputeId": dispute.uuidString], at: "2024-03-02T10:00:00+08:00"), // 8 400
            try Self.mediation(UUID(), outcome: "adjourned", at: "2024-03-02T10:00:00+08:00"),        // 9 404
            try Self.mediation(dispute, outcome: "no_agreement", at: "2024-03-02T10:00:00+08:00",
                               eventId: mediationId),                                             // 10 409
            try Self.line("DisputeReopened", ["disputeId": dispute.uuidString, "cause": "recurrence"],
                          at: "2024-03-02T11:00:00+08:00"),                                       // 11 422
            #"{"type":"MediationHeld","data":{"disputeId":"\#(dispute)","mechanism":"police","outcome":"adjourned"},"occurredAt":"2024-03-03T08:00:00Z"}"#, // 12 400: no eventId
            try Self.resolved(dispute, at: "2024-03-03T09:00:00+08:00"),                            // 13 good
        ]
        let report = try await run(importer, lines)
        #expect(report.accepted == 5)
        #expect(report.duplicates == 1)
        #expect(rejections(report) == [6: .malformed, 8: .malformed, 9: .streamNotFound, 10: .eventIdConflict,
                                       11: .ruleViolation, 12: .malformed], "\(report.rejected)")
        #expect(report.rejected.map(\.line) == [6, 8, 9, 10, 11, 12])
        #expect(report.rejected.first { $0.line == 6 }?.detail.hasPrefix("the line is not JSON: a JSON value was expected at byte 0") == true)
        #expect(report.rejected.first { $0.line == 10 }?.eventId == mediationId)
        #expect(report.rejected.first { $0.line == 11 }?.detail.contains("reopen") == true)

        let stored = try await store.readStream(StreamKind.disputeStreamId(dispute))
        #expect(stored.map(\.type) == ["DisputeLogged", "MediationHeld", "DisputeResolved"])
        #expect(stored.map(\.streamVersion) == [1, 2, 3])
        #expect(stored[1].eventId == mediationId)
        #expect(String(decoding: stored[1].data, as: UTF8.self).contains("adjourned"))
        #expect(stored.allSatisfy { $0.stationId == ids.station && $0.actor == "importer" })
        #expect(report.lastPosition == stored.last?.globalPosition)
    }

    @Test func importingTheSameFileTwiceAcceptsNothingNew() async throws {
        let importer = try importer(batchSize: 3)
        let ids = Ids()
        let dispute = UUID()
        let lines = try Self.stationLines(ids) + [
            try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00"),
            try Self.mediation(dispute, outcome: "agreement", at: "2024-03-01T09:00:00+08:00"),
            try Self.resolved(dispute, at: "2024-03-01T10:00:00+08:00"),
        ]
        let first = try await run(importer, lines)
        #expect(first.accepted == 5)
        #expect(first.rejected.isEmpty)
        let second = try await run(importer, lines, size: 1 << 16)
        #expect(second.accepted == 0)
        #expect(second.duplicates == 5)
        #expect(second.rejected.isEmpty)
        #expect(second.lastPosition == first.lastPosition)
        #expect(try await importer.store.readStream(StreamKind.disputeStreamId(dispute)).count == 3)
    }

    @Test func linesAreHeldToTheRoutesRules() async throws {
        let importer = try importer()
        let ids = Ids()
        let dispute = UUID()
        let future = Date().addingTimeInterval(3600)
        let lines = try Self.stationLines(ids) + [
            try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00"),                    // 3
            try Self.resolved(dispute, at: "2024-03-01T10:00:00+08:00"),                       // 4 resolved
            try Self.mediation(dispute, outcome: "adjourned", at: "2024-03-01T11:00:00+08:00"), // 5 illegal transition
            try Self.line("FollowUpConducted", ["disputeId": dispute.uuidString, "reached": true],
                          at: "2024-03-01T09:00:00+08:00"),                                  // 6 time runs backwards
            try Self.line("DisputeLogged", ["disputeId": UUID().uuidString, "stationId": ids.station, "communityId": "nowhere",
                                            "category": "neighbour", "discoveredVia": "walk_in"],
                          at: "2024-03-01T08:00:00+08:00"),                                  // 7 unknown community
            try Self.line("FollowUpConducted", ["disputeId": dispute.uuidString, "reached": true],
                          at: RFC3339.string(from: future)),                                 // 8 in the future
            try Self.line("MediationHeld", ["disputeId": dispute.uuidString, "mechanism": "peoples", "outcome": "maybe"],
                          at: "2024-03-01T12:00:00+08:00"),                                  // 9 value outside its set
        ]
        let report = try await run(importer, lines)
        #expect(report.accepted == 4)
        #expect(rejections(report) == [5: .ruleViolation, 6: .ruleViolation, 7: .ruleViolation, 8: .ruleViolation,
                                       9: .malformed], "\(report.rejected)")
        let stored = try await importer.store.readStream(StreamKind.disputeStreamId(dispute))
        #expect(stored.map(\.type) == ["DisputeLogged", "DisputeResolved"])
    }

    @Test func linesOfManyStreamsInterleavedAcrossBatchesLandInOrder() async throws {
        let importer = try importer(batchSize: 7)
        let ids = Ids()
        let disputes = (0..<20).map { _ in UUID() }
        let alerts = (0..<20).map { _ in UUID() }
        var lines = try Self.stationLines(ids)
        for disputeId in disputes { lines.append(try Self.logged(disputeId, ids, at: "2024-03-01T08:00:00Z")) }
        for alertId in alerts {
            lines.append(try Self.line("AlertReceived", ["alertId": alertId.uuidString, "stationId": ids.station,
                                                         "channel": "phone_110", "category": "dispute"],
                                       at: "2024-03-01T08:00:00Z"))
        }
        for (disputeId, alertId) in zip(disputes, alerts) {
            lines.append(try Self.mediation(disputeId, outcome: "agreement", at: "2024-03-01T09:00:00Z"))
            lines.append(try Self.line("UnitDispatched", ["alertId": alertId.uuidString, "unitId": "car-1"],
                                       at: "2024-03-01T08:05:00Z"))
        }
        for (disputeId, alertId) in zip(disputes, alerts) {
            lines.append(try Self.line("UnitArrived", ["alertId": alertId.uuidString, "unitId": "car-1"], at: "2024-03-01T08:12:00Z"))
            lines.append(try Self.resolved(disputeId, at: "2024-03-01T10:00:00Z"))
            lines.append(try Self.line("AlertCleared", ["alertId": alertId.uuidString, "disposition": "handled"],
                                       at: "2024-03-01T09:00:00Z"))
        }
        let report = try await run(importer, lines, size: 100)
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.accepted == lines.count)
        for disputeId in disputes {
            let stored = try await importer.store.readStream(StreamKind.disputeStreamId(disputeId))
            #expect(stored.map(\.type) == ["DisputeLogged", "MediationHeld", "DisputeResolved"])
            #expect(stored.map(\.streamVersion) == [1, 2, 3])
        }
        for alertId in alerts {
            let stored = try await importer.store.readStream(StreamKind.alertStreamId(alertId))
            #expect(stored.map(\.type) == ["AlertReceived", "UnitDispatched", "UnitArrived", "AlertCleared"])
            #expect(zip(stored, stored.dropFirst()).allSatisfy { $0.globalPosition < $1.globalPosition })
        }
    }

    @Test func aBatchBoundaryInsideAStreamKeepsItsHistoryAndRules() async throws {
        let importer = try importer(batchSize: 2)
        let ids = Ids()
        let dispute = UUID()
        let lines = try Self.stationLines(ids) + [
            try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00"),                     // 3, batch 2
            try Self.mediation(dispute, outcome: "adjourned", at: "2024-03-02T08:00:00+08:00"),  // 4, batch 2
            try Self.mediation(dispute, outcome: "no_agreement", at: "2024-03-01T12:00:00+08:00"), // 5, batch 3: backwards
            try Self.mediation(dispute, outcome: "no_agreement", at: "2024-03-03T08:00:00+08:00"), // 6, batch 3
            try Self.mediation(dispute, outcome: "no_agreement", at: "2024-03-04T08:00:00+08:00"), // 7, batch 4: failed → failed
            try Self.line("EntryRetracted", ["disputeId": dispute.uuidString, "targetEventId": UUID().uuidString,
                                             "reason": "typo"], at: "2024-03-05T08:00:00+08:00"), // 8, batch 4: no such target
            try Self.line("DisputeClosedUnresolved", ["disputeId": dispute.uuidString, "reason": "refused"],
                          at: "2024-03-05T08:00:00+08:00"),                                     // 9, batch 5
        ]
        var progress: [ImportProgress] = []
        let report = try await importer.run(Self.chunks(lines), actor: "importer", role: .admin) { progress.append($0) }
        #expect(rejections(report) == [5: .ruleViolation, 7: .ruleViolation, 8: .ruleViolation], "\(report.rejected)")
        #expect(report.accepted == 6)
        let stored = try await importer.store.readStream(StreamKind.disputeStreamId(dispute))
        #expect(stored.map(\.type) == ["DisputeLogged", "MediationHeld", "MediationHeld", "DisputeClosedUnresolved"])
        #expect(stored.map(\.streamVersion) == [1, 2, 3, 4])
        #expect(progress.map(\.lines) == [2, 4, 6, 8, 9])
        #expect(progress.last?.accepted == 6)
        #expect(progress.last?.rejected == 3)
        #expect(progress.last?.bytes == (lines.joined(separator: "\n") + "\n").utf8.count)
    }

    @Test func correctionsNameTheirStreamAndALineMayNameItsActor() async throws {
        let importer = try importer()
        let ids = Ids()
        let dispute = UUID()
        let mediation = UUID()
        let lines = try Self.stationLines(ids) + [
            try Self.logged(dispute, ids, at: "2024-03-01T08:00:00+08:00"),
            try Self.mediation(dispute, outcome: "adjourned", at: "2024-03-01T09:00:00+08:00", eventId: mediation),
            try Self.line("EntryRetracted", ["disputeId": dispute.uuidString, "targetEventId": mediation.uuidString,
                                             "reason": "entered twice"], at: "2024-03-01T10:00:00+08:00", actor: "clerk-wang"),
            try Self.line("EntryRetracted", ["targetEventId": mediation.uuidString, "reason": "no stream"],
                          at: "2024-03-01T10:00:00+08:00"),
        ]
        let report = try await run(importer, lines)
        #expect(report.accepted == 5)
        #expect(rejections(report) == [6: .malformed], "\(report.rejected)")
        let stored = try await importer.store.readStream(StreamKind.disputeStreamId(dispute))
        #expect(stored.map(\.actor) == ["importer", "importer", "clerk-wang"])
        #expect(!String(decoding: stored[2].data, as: UTF8.self).contains("disputeId"))
    }

    @Test func anOverlongLineIsRefusedWithoutStoppingTheImport() async throws {
        let importer = try importer()
        let ids = Ids()
        let long = String(repeating: "x", count: Importer.maximumLineBytes + 10)
        let lines = [long] + (try Self.stationLines(ids))
        let report = try await run(importer, lines, size: 1 << 16)
        #expect(rejections(report) == [1: .malformed], "\(report.rejected)")
        #expect(report.accepted == 2)
    }

    @Test func anActorHoldingNULIsAMalformedLineNotAFailedImport() async throws {
        let importer = try importer()
        let ids = Ids()
        let withNUL = try Self.logged(UUID(), ids, at: "2023-01-02T08:00:00+08:00")
            .replacingOccurrences(of: "{", with: #"{"actor":"a\u0000b","#, options: .anchored)
        let report = try await run(importer, (try Self.stationLines(ids)) + [withNUL], size: 1 << 16)
        #expect(rejections(report) == [3: .malformed], "\(report.rejected)")
        #expect(report.accepted == 2)
    }

    @Test func importsAppendingToTheSameStreamsInOppositeOrderBothLand() async throws {
        let ids = Ids()
        _ = try await run(try importer(), try Self.stationLines(ids))
        for round in 0..<28 {
            let (x, y) = (UUID(), UUID())
            let day = String(format: "2023-02-%02d", round + 1)
            _ = try await run(try importer(), [
                try Self.logged(x, ids, at: "\(day)T08:00:00+08:00"), try Self.logged(y, ids, at: "\(day)T08:00:00+08:00"),
            ])
            let forward = [try Self.mediation(x, outcome: "adjourned", at: "\(day)T09:00:00+08:00"),
                           try Self.mediation(y, outcome: "adjourned", at: "\(day)T09:00:00+08:00")]
            let backward = [try Self.mediation(y, outcome: "adjourned", at: "\(day)T09:00:00+08:00"),
                            try Self.mediation(x, outcome: "adjourned", at: "\(day)T09:00:00+08:00")]
            async let first = run(try importer(), forward, size: 1 << 16)
            async let second = run(try importer(), backward, size: 1 << 16)
            let reports = try await [first, second]
            #expect(reports.map(\.accepted) == [2, 2], "round \(round): \(reports.map(\.rejected))")
            let store = try TestDatabase.require().store
            #expect(try await store.readStream(StreamKind.disputeStreamId(x)).count == 3)
            #expect(try await store.readStream(StreamKind.disputeStreamId(y)).count == 3)
        }
    }

    @Test func aBatchWriteLosingToAnotherWriterWritesNothing() async throws {
        let store = try TestDatabase.require().store
        // Not a station stream: the other tests of the suite read every station stream.
        let stream = "test-\(UUID().uuidString.lowercased())"
        func event() -> NewEvent {
            NewEvent(type: "Noted", data: Data(#"{"n":1}"#.utf8), actor: "a", stationId: "x")
        }
        _ = try await store.append(versioned: [(stream, 1, event())])
        let other = "test-\(UUID().uuidString.lowercased())"
        await #expect(throws: EventStoreError.raced) {
            try await store.append(versioned: [(other, 1, event()), (stream, 1, event())])
        }
        #expect(try await store.readStream(other).isEmpty)
        #expect(try await store.readStream(stream).count == 1)
    }
}
