import Events
import Foundation
import Testing

@Suite("Station lifecycle")
struct StationLifecycleTests {
    private func registered(_ id: String = "s3") throws -> StreamFixture<StationLifecycle> {
        var stream = StreamFixture<StationLifecycle>(streamId: StreamKind.stationStreamId(id))
        try stream.record(.stationRegistered(StationRegistered(stationId: id, name: "Wanyuan")), at: 0)
        return stream
    }

    @Test func registrationTakesTheContractDefaults() throws {
        let submitted = try EventRegistry.decodeSubmission(
            type: "StationRegistered", data: Data(#"{"stationId":"s3","name":"Wanyuan"}"#.utf8))
        var stream = StreamFixture<StationLifecycle>(streamId: "station-s3")
        try stream.record(submitted, at: 0)
        let state = try #require(stream.state)
        #expect(state.timeZone == "Asia/Shanghai")
        #expect(state.registeredTargetMinutes == 10)
        #expect(state.name == "Wanyuan")
    }

    @Test func aStationRegisteredTwiceIsRejected() throws {
        let stream = try registered()
        let rejection = stream.rejection(
            .stationRegistered(StationRegistered(stationId: "s3", name: "Again")), at: 1)
        #expect(rejection?.code == .alreadyExists)
        #expect(rejection?.description == "cannot record a station registration: station s3 is already registered")
    }

    @Test(arguments: ["Mars/Olympus", "CST", "GMT+8", ""])
    func aTimeZoneMustBeAnIANAZone(_ zone: String) {
        let stream = StreamFixture<StationLifecycle>(streamId: "station-s3")
        let rejection = stream.rejection(
            .stationRegistered(StationRegistered(stationId: "s3", name: "Wanyuan", timeZone: zone)), at: 0)
        #expect(rejection?.code == .invalidPayload)
        #expect(rejection?.description == "timeZone \"\(zone)\" is not an IANA time zone such as Asia/Shanghai")
    }

    @Test func aCommunityIsRegisteredOnce() throws {
        var stream = try registered()
        let community = CommunityRegistered(stationId: "s3", communityId: "c7", name: "Wanyuan", areaClass: .urban)
        try stream.record(.communityRegistered(community), at: 1)
        #expect(stream.state?.communities["c7"] == community)
        #expect(ReferenceData(stations: [try #require(stream.state)]).station(ofCommunity: "c7") == "s3")

        let again = stream.rejection(.communityRegistered(community), at: 2)
        #expect(again?.code == .alreadyExists)
        #expect(again?.description == "cannot record a community registration: community c7 is already registered for station s3")
    }

    @Test func aCommunityOfAnotherStationIsRejected() throws {
        let stream = try registered()
        let rejection = stream.rejection(
            .communityRegistered(CommunityRegistered(stationId: "s3", communityId: "c1", name: "Old", areaClass: .rural)),
            at: 1)
        #expect(rejection?.description == "cannot record a community registration: community c1 is already registered for station s1")
    }

    @Test func aCommunityBeforeItsStationIsRejected() {
        let stream = StreamFixture<StationLifecycle>(streamId: "station-s3")
        let rejection = stream.rejection(
            .communityRegistered(CommunityRegistered(stationId: "s3", communityId: "c7", name: "W", areaClass: .suburban)),
            at: 0)
        #expect(rejection?.code == .illegalTransition)
        #expect(rejection?.description == "cannot record a community registration: station is not registered; it must be registered first")
    }

    @Test func anEntryForAnotherStationIsRejected() throws {
        let stream = try registered()
        let rejection = stream.rejection(
            .communityRegistered(CommunityRegistered(stationId: "s4", communityId: "c8", name: "W", areaClass: .urban)),
            at: 1)
        #expect(rejection?.code == .wrongStream)
        #expect(rejection?.description == "cannot record a community registration for station s4 on the record of station s3")
    }

    @Test func theTargetInForceFollowsTheChanges() throws {
        var stream = try registered()
        let april = try #require(LocalDate("2024-04-01"))
        try stream.record(
            .stationTargetChanged(StationTargetChanged(stationId: "s3", responseTargetMinutes: 8, effectiveFrom: april)),
            at: 1)
        let state = try #require(stream.state)
        #expect(state.responseTargetMinutes(on: try #require(LocalDate("2024-03-31"))) == 10)
        #expect(state.responseTargetMinutes(on: april) == 8)
    }

    @Test func aTargetMustBeAPositiveNumberOfMinutes() throws {
        let stream = try registered()
        let rejection = stream.rejection(
            .stationTargetChanged(
                StationTargetChanged(stationId: "s3", responseTargetMinutes: 0, effectiveFrom: try #require(LocalDate("2024-04-01")))),
            at: 1)
        #expect(rejection?.code == .outOfRange)
        #expect(rejection?.description == "responseTargetMinutes must be between 1 and 1440, not 0")
    }

    @Test func aTargetChangeBeforeRegistrationIsRejected() throws {
        let stream = StreamFixture<StationLifecycle>(streamId: "station-s3")
        let rejection = stream.rejection(
            .stationTargetChanged(
                StationTargetChanged(stationId: "s3", responseTargetMinutes: 8, effectiveFrom: try #require(LocalDate("2024-04-01")))),
            at: 0)
        #expect(rejection?.description == "cannot record a target change: station is not registered; it must be registered first")
    }
}
