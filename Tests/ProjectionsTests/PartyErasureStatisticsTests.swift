import Events
import Foundation
import Projections
import TestSupport
import Testing

/// Erasing parties changes no figure, and a replay after it gives the same figures.
@Suite(.database, .serialized) struct PartyErasureStatisticsTests {
    /// Every statistic with its `asOfPosition` left out: the erasure's own event moves the
    /// log's head, which is all that may change.
    private func figures(_ f: Fixture) async throws -> [String] {
        try await f.allStatistics().map { answer in
            var object = try #require(try JSONSerialization.jsonObject(with: answer) as? [String: Any])
            #expect(object.removeValue(forKey: "asOfPosition") != nil)
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
        }
    }

    @Test func statisticsAreUnchangedToTheLastDigitAndReplayStillWorks() async throws {
        let f = try Fixture()
        try await f.station("pe", communities: ["pec"])
        var disputes: [UUID] = []
        for day in 1...6 {
            let logged = DisputeLogged(
                disputeId: UUID(), stationId: "pe", category: day % 2 == 0 ? .neighbour : .family, discoveredVia: .walkIn,
                communityId: "pec", parties: [.init(name: "Party \(day)", phone: "138000000\(day)"), .init(name: "Other \(day)")])
            try await f.append(.disputeLogged(logged), at: "2024-0\(day)-0\(day)T10:00:00+08:00", station: "pe")
            let stream = StreamKind.disputeStreamId(logged.disputeId)
            try await f.append(.mediationHeld(MediationHeld(mechanism: .peoples, outcome: day % 3 == 0 ? .noAgreement : .agreement)),
                               at: "2024-0\(day)-0\(day)T11:00:00+08:00", stream: stream, station: "pe")
            if day % 3 != 0 {
                try await f.append(.disputeResolved(DisputeResolved(method: .mediation, resolutionLevel: .community)),
                                   at: "2024-0\(day)-0\(day)T12:00:00+08:00", stream: stream, station: "pe")
            }
            disputes.append(logged.disputeId)
        }
        try await f.catchUp()
        let before = try await figures(f)

        let eraser = PartyEraser(store: f.database.store, logger: f.logger)
        for (index, id) in disputes.enumerated() where index % 2 == 0 {
            _ = try await eraser.erase(disputeId: id, partyIndexes: index == 0 ? [1] : nil, reason: "asked", actor: "admin")
        }
        try await f.catchUp()
        let after = try await figures(f)
        #expect(after.count == before.count)
        for (index, (one, other)) in zip(before, after).enumerated() where one != other {
            Issue.record("answer \(index) changed:\n\(one)\n\(other)")
        }

        for projection in Projection.allCases {
            let done = try await Replayer(pool: f.database.pool, logger: f.logger, batchSize: 5).replay(projection)
            #expect(done.switched)
        }
        #expect(try await figures(f) == before)
        #expect(try await f.monitor.parkedStreams().isEmpty)
    }
}
