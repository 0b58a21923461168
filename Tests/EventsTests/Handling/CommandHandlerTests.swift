import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct CommandHandlerTests {
    private static let start = Date(timeIntervalSince1970: 1_709_280_000)

    private func handler() throws -> CommandHandler {
        CommandHandler(store: try TestDatabase.require().store, logger: Logger(label: "test"))
    }

    /// Registers a station with one community, both with ids unique to this test.
    private func station(_ handler: CommandHandler) async throws -> (station: String, community: String) {
        let station = "st\(UUID().uuidString.prefix(8))"
        let community = "co\(UUID().uuidString.prefix(8))"
        let registered = DomainEvent.stationRegistered(StationRegistered(stationId: station, name: "Fengqiao"))
        _ = try await handler.handle(
            Command(registered, occurredAt: Self.start, actor: "admin", role: .admin),
            on: StreamKind.stationStreamId(station))
        let community1 = DomainEvent.communityRegistered(
            CommunityRegistered(stationId: station, communityId: community, name: "Wanyuan", areaClass: .urban))
        _ = try await handler.handle(
            Command(community1, occurredAt: Self.start, actor: "admin", role: .admin),
            on: StreamKind.stationStreamId(station))
        return (station, community)
    }

    private func logged(_ id: UUID, station: String, community: String?) -> DomainEvent {
        .disputeLogged(DisputeLogged(
            disputeId: id, stationId: station, category: .neighbour, discoveredVia: .walkIn, communityId: community))
    }

    private func adjourned() -> DomainEvent {
        .mediationHeld(MediationHeld(mechanism: .peoples, outcome: .adjourned))
    }

    @Test func logsAndMediatesADisputeAtARegisteredStation() async throws {
        let handler = try handler()
        let (station, community) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        let first = try await handler.handle(
            Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "clerk"), on: stream)
        #expect(first.streamVersion == 1)
        let second = try await handler.handle(
            Command(adjourned(), occurredAt: Self.start.addingTimeInterval(60), actor: "clerk"), on: stream, expectedVersion: 1)
        #expect(second.streamVersion == 2)
        let stored = try await handler.store.readStream(stream)
        #expect(stored.map(\.type) == ["DisputeLogged", "MediationHeld"])
        #expect(stored.allSatisfy { $0.stationId == station })
    }

    @Test func aCommunityRegisteredByAnotherWriterIsKnownToTheNextCommand() async throws {
        // The handler keeps the reference data it folded; another handler (another
        // server, an import) registering a community must not leave it deciding on the
        // old fold.
        let handler = try handler()
        let (station, _) = try await station(handler)
        let warm = UUID()
        _ = try await handler.handle(
            Command(logged(warm, station: station, community: nil), occurredAt: Self.start, actor: "clerk"),
            on: StreamKind.disputeStreamId(warm))
        let community = "co\(UUID().uuidString.prefix(8))"
        let registration = DomainEvent.communityRegistered(
            CommunityRegistered(stationId: station, communityId: community, name: "Xinqiao", areaClass: .rural))
        _ = try await self.handler().handle(
            Command(registration, occurredAt: Self.start, actor: "admin", role: .admin),
            on: StreamKind.stationStreamId(station))
        let id = UUID()
        let result = try await handler.handle(
            Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "clerk"),
            on: StreamKind.disputeStreamId(id))
        #expect(result.streamVersion == 1)
        #expect(!result.isRepeat)
    }

    @Test func aRetriedCommandAnswersAsTheRepeatWhetherOrNotItsRulesStillPass() async throws {
        let handler = try handler()
        let (station, community) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        let logging = Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "clerk")
        let first = try await handler.handle(logging, on: stream)
        // Logging again is refused by the rules ("already logged"): answered as a repeat.
        let again = try await handler.handle(logging, on: stream)
        #expect(again.isRepeat)
        #expect(again.entries == first.entries)
        // An adjourned mediation may follow another, so a retry passes the rules and the
        // append recognises it.
        let mediation = Command(adjourned(), occurredAt: Self.start.addingTimeInterval(60), actor: "clerk")
        let recorded = try await handler.handle(mediation, on: stream)
        let retried = try await handler.handle(mediation, on: stream)
        #expect(retried.isRepeat)
        #expect(retried.entries == recorded.entries)
        #expect(try await handler.store.readStream(stream).count == 2)
        // The same id with other content is a conflict either way.
        var other = mediation
        other.event = .mediationHeld(MediationHeld(mechanism: .peoples, outcome: .noAgreement))
        await #expect(throws: EventStoreError.eventIdConflict) { try await handler.handle(other, on: stream) }
    }

    @Test func anUnknownStationOrCommunityIsRejectedAndNothingIsStored() async throws {
        let handler = try handler()
        let (station, _) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        await #expect(throws: Rejection.self) {
            try await handler.handle(Command(logged(id, station: "nowhere", community: nil), occurredAt: Self.start, actor: "c"), on: stream)
        }
        let rejection = await #expect(throws: Rejection.self) {
            try await handler.handle(Command(logged(id, station: station, community: "elsewhere"), occurredAt: Self.start, actor: "c"), on: stream)
        }
        #expect(rejection?.code == .unknownReference)
        #expect(try await handler.store.readStream(stream).isEmpty)
    }

    @Test func aCommandOnAMissingStreamIsNotFound() async throws {
        let handler = try handler()
        let stream = StreamKind.disputeStreamId(UUID())
        let error = await #expect(throws: CommandError.self) {
            try await handler.handle(Command(adjourned(), occurredAt: Self.start, actor: "c"), on: stream)
        }
        #expect(error?.code == .streamNotFound)
    }

    @Test func aRepeatedCommandAnswersWithTheOriginalResult() async throws {
        let handler = try handler()
        let (station, community) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        let command = Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "c")
        let first = try await handler.handle(command, on: stream)
        let again = try await handler.handle(command, on: stream)
        #expect(again.isRepeat)
        #expect(again.entries == first.entries)
        var altered = command
        altered.event = logged(id, station: station, community: nil)
        await #expect(throws: EventStoreError.eventIdConflict) { try await handler.handle(altered, on: stream) }
        #expect(try await handler.store.readStream(stream).count == 1)
    }

    @Test func aStaleIfMatchVersionIsAConflictWithTheCurrentVersion() async throws {
        let handler = try handler()
        let (station, community) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        _ = try await handler.handle(Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "c"), on: stream)
        let error = await #expect(throws: CommandError.self) {
            try await handler.handle(Command(adjourned(), occurredAt: Self.start, actor: "c"), on: stream, expectedVersion: 5)
        }
        #expect(error?.currentVersion == 1)
    }

    @Test func concurrentCommandsOnOneStreamAreDecidedAgainAndAllLand() async throws {
        let handler = try handler()
        let (station, community) = try await station(handler)
        let id = UUID()
        let stream = StreamKind.disputeStreamId(id)
        _ = try await handler.handle(Command(logged(id, station: station, community: community), occurredAt: Self.start, actor: "c"), on: stream)
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<2 {
                group.addTask {
                    try await handler.handle(
                        Command(adjourned(), occurredAt: Self.start.addingTimeInterval(60), actor: "c\(index)"),
                        on: stream
                    ).streamVersion
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions.sorted() == [2, 3])
    }
}
