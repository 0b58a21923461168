import Events

extension DisputeCase: CaseReadModel {
    static let projection = Projection.disputes

    /// One row per dispute.
    static let table = ReadModelTable<DisputeCase>(
        "disputes", primaryKey: ["stream_id"], streamKey: "stream_id",
        indexes: [["logged_at", "stream_id"], ["station_id", "logged_at"]], storedInOrderOf: ["station_id", "logged_at"],
        columns: [
            Column("stream_id", "text not null", \.streamId),
            Column("dispute_id", "uuid not null", \.disputeId),
            Column("station_id", "text not null", \.stationId),
            Column("community_id", "text", \.communityId),
            Column("category", "text not null", \.category),
            Column("discovered_via", "text not null", \.discoveredVia),
            Column("key", "boolean not null", \.key),
            Column("status", "text not null", \.status),
            Column("logged_at", "timestamptz not null", \.loggedAt),
            Column("first_resolved_at", "timestamptz", \.firstResolvedAt),
            Column("resolve_seconds", "bigint", \.secondsToResolve),
            Column("resolution_level", "text", \.resolutionLevel),
            Column("mediated", "boolean not null", \.mediated),
            Column("agreement", "boolean not null", \.agreement),
            Column("referred", "boolean not null", \.referred),
            Column("reopened", "boolean not null", \.reopened),
            Column("follow_ups", "integer not null", \.followUps),
            Column("satisfied", "integer not null", \.satisfied),
            Column("basically_satisfied", "integer not null", \.basicallySatisfied),
            Column("dissatisfied", "integer not null", \.dissatisfied),
            Column("last_event_at", "timestamptz not null", \.lastEventAt),
            Column("summary", "text", \.summary),
        ])
}
