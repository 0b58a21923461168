import Events

extension AlertCase: CaseReadModel {
    static let projection = Projection.alerts

    /// One row per alert.
    static let table = ReadModelTable<AlertCase>(
        "alerts", primaryKey: ["stream_id"], streamKey: "stream_id",
        indexes: [["received_at", "stream_id"], ["station_id", "received_at"], ["station_id", "category", "received_at"]], storedInOrderOf: ["station_id", "received_at"],
        columns: [
            Column("stream_id", "text not null", \.streamId),
            Column("alert_id", "uuid not null", \.alertId),
            Column("station_id", "text not null", \.stationId),
            Column("community_id", "text", \.communityId),
            Column("channel", "text not null", \.channel),
            Column("officer_initiated", "boolean not null", \.officerInitiated),
            Column("category", "text not null", \.category),
            Column("initial_category", "text not null", \.initialCategory),
            Column("police_matter", "boolean not null", \.policeMatter),
            Column("priority", "integer", \.priority),
            Column("status", "text not null", \.status),
            Column("received_at", "timestamptz not null", \.receivedAt),
            Column("first_dispatched_at", "timestamptz", \.firstDispatchedAt),
            Column("first_en_route_at", "timestamptz", \.firstEnRouteAt),
            Column("first_arrived_at", "timestamptz", \.firstArrivedAt),
            Column("cleared_at", "timestamptz", \.clearedAt),
            Column("diverted", "boolean not null", \.diverted),
            Column("cancelled", "boolean not null", \.cancelled),
            Column("missing_arrival", "boolean not null", \.missingArrival),
            Column("reopened", "boolean not null", \.reopened),
            Column("dispatch_delay_seconds", "bigint", \.dispatchDelaySeconds),
            Column("turnout_seconds", "bigint", \.turnoutSeconds),
            Column("drive_seconds", "bigint", \.driveSeconds),
            Column("travel_seconds", "bigint", \.travelSeconds),
            Column("response_seconds", "bigint", \.responseSeconds),
            Column("on_scene_seconds", "bigint", \.onSceneSeconds),
            Column("deaths", "integer not null", \.deaths),
            Column("injuries", "integer not null", \.injuries),
            Column("amended_times", "integer not null", \.amendedTimes),
            Column("summary", "text", \.summary),
        ])
}
