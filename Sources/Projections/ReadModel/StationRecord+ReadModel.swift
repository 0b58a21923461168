import Events

extension StationRecord: ReadModel {
    static let projection = Projection.stations

    /// One row per station.
    static let stations = ReadModelTable<StationRecord>(
        "stations", primaryKey: ["station_id"], streamKey: "station_id",
        columns: [
            Column("station_id", "text not null", \.stationId),
            Column("name", "text not null", \.name),
            Column("time_zone", "text not null", \.timeZone),
            Column("registered_target", "integer not null", \.registeredTargetMinutes),
        ])

    /// One row per response target change.
    static let targets = ReadModelTable<TargetRow>(
        "station_targets", primaryKey: ["station_id", "sequence"], streamKey: "station_id",
        columns: [
            Column("station_id", "text not null", \.stationId),
            Column("sequence", "integer not null", \.target.sequence),
            Column("effective_from", "date not null", \.target.effectiveFrom),
            Column("minutes", "integer not null", \.target.minutes),
        ])

    /// One row per community.
    static let communities = ReadModelTable<CommunityRegistered>(
        "communities", primaryKey: ["community_id"], streamKey: "station_id",
        columns: [
            Column("community_id", "text not null", \.communityId),
            Column("station_id", "text not null", \.stationId),
            Column("name", "text not null", \.name),
            Column("area_class", "text not null", \.areaClass.rawValue),
        ])

    static let tables = [stations.schema, targets.schema, communities.schema]

    static func rows(streamId: String, history: [EffectiveEvent], into tables: inout [CopyText]) {
        guard let record = derive(history: history) else { return }
        stations.append(record, to: &tables[0])
        for target in record.targets { Self.targets.append(TargetRow(stationId: record.stationId, target: target), to: &tables[1]) }
        for community in record.communities { Self.communities.append(community, to: &tables[2]) }
    }

    static func streamKey(_ streamId: String) -> String { String(streamId.drop { $0 != "-" }.dropFirst()) }

    /// A target change with the station it belongs to, as its table stores it.
    struct TargetRow: Sendable {
        let stationId: String
        let target: Target
    }
}
