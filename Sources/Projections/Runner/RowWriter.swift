import Events
import Foundation

/// Writes the rows of one projection version for a batch of log events.
///
/// Every stream the batch touches is re-derived from its effective history as of the
/// batch's last cursor, and its rows are replaced. Applying the same batch twice
/// therefore gives the same rows, and a correction of an earlier entry is always honoured.
enum RowWriter {
    /// Re-derives and replaces the rows of the streams in `events` that `projection` keeps.
    static func apply(
        _ events: [RecordedEvent], through cursor: LogCursor, to projection: Projection, version: Int,
        store: EventStore, on connection: PostgresConnection
    ) async throws {
        var seen: Set<String> = []
        let streamIds = events.map(\.streamId).filter {
            StreamKind(streamId: $0) == projection.streamKind && seen.insert($0).inserted
        }
        guard !streamIds.isEmpty else { return }
        let histories = try await HistoryReader.effectiveHistories(of: streamIds, upTo: cursor, store: store, on: connection)
        switch projection {
        case .stations:
            let records = streamIds.compactMap { histories[$0].flatMap(StationRecord.derive(history:)) }
            let stationIds = streamIds.map { String($0.drop { $0 != "-" }.dropFirst()) }
            try await writeStations(records, replacing: stationIds, version: version, on: connection)
        case .disputes:
            let rows = streamIds.compactMap { id in histories[id].flatMap { DisputeCase.derive(streamId: id, history: $0) } }
            try await writeDisputes(rows, replacing: streamIds, version: version, on: connection)
        case .alerts:
            let rows = streamIds.compactMap { id in histories[id].flatMap { AlertCase.derive(streamId: id, history: $0) } }
            try await writeAlerts(rows, replacing: streamIds, version: version, on: connection)
        }
    }

    private static func writeStations(
        _ records: [StationRecord], replacing stationIds: [String], version: Int, on connection: PostgresConnection
    ) async throws {
        let stations = ReadModelSchema.table("stations", version: version)
        let targets = ReadModelSchema.table("station_targets", version: version)
        let communities = ReadModelSchema.table("communities", version: version)
        let ids = PostgresArray(stationIds)
        try await connection.query("delete from \(stations) where station_id = any($1::text[])", [ids])
        try await connection.query("delete from \(targets) where station_id = any($1::text[])", [ids])
        try await connection.query("delete from \(communities) where station_id = any($1::text[])", [ids])
        try await connection.query(
            """
            insert into \(stations) (station_id, name, time_zone, registered_target)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])
            """,
            [
                PostgresArray(records.map(\.stationId)), PostgresArray(records.map(\.name)),
                PostgresArray(records.map(\.timeZone)), PostgresArray(records.map(\.registeredTargetMinutes)),
            ])
        let targetRows = records.flatMap { record in record.targets.map { (record.stationId, $0) } }
        try await connection.query(
            """
            insert into \(targets) (station_id, sequence, effective_from, minutes)
            select * from unnest($1::text[], $2::int[], $3::date[], $4::int[])
            """,
            [
                PostgresArray(targetRows.map(\.0)), PostgresArray(targetRows.map(\.1.sequence)),
                PostgresArray(targetRows.map(\.1.effectiveFrom.description)), PostgresArray(targetRows.map(\.1.minutes)),
            ])
        let communityRows = records.flatMap(\.communities)
        try await connection.query(
            """
            insert into \(communities) (community_id, station_id, name, area_class)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
            """,
            [
                PostgresArray(communityRows.map(\.communityId)), PostgresArray(communityRows.map(\.stationId)),
                PostgresArray(communityRows.map(\.name)), PostgresArray(communityRows.map(\.areaClass.rawValue)),
            ])
    }

    private static func writeDisputes(
        _ rows: [DisputeCase], replacing streamIds: [String], version: Int, on connection: PostgresConnection
    ) async throws {
        let table = ReadModelSchema.table("disputes", version: version)
        try await connection.query("delete from \(table) where stream_id = any($1::text[])", [PostgresArray(streamIds)])
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            insert into \(table) (stream_id, dispute_id, station_id, community_id, category, discovered_via, key,
                status, logged_at, first_resolved_at, resolve_seconds, resolution_level, mediated, agreement,
                referred, reopened, follow_ups, satisfied, basically_satisfied, dissatisfied, last_event_at, summary)
            select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[],
                $8::text[], $9::timestamptz[], $10::timestamptz[], $11::int8[], $12::text[], $13::bool[], $14::bool[],
                $15::bool[], $16::bool[], $17::int[], $18::int[], $19::int[], $20::int[], $21::timestamptz[], $22::text[])
            """,
            [
                PostgresArray(rows.map(\.streamId)), PostgresArray(rows.map(\.disputeId)),
                PostgresArray(rows.map(\.stationId)), PostgresArray(rows.map(\.communityId)),
                PostgresArray(rows.map(\.category)), PostgresArray(rows.map(\.discoveredVia)),
                PostgresArray(rows.map(\.key)), PostgresArray(rows.map(\.status)),
                PostgresArray(rows.map(\.loggedAt)), PostgresArray(rows.map(\.firstResolvedAt)),
                PostgresArray(rows.map(\.secondsToResolve)), PostgresArray(rows.map(\.resolutionLevel)),
                PostgresArray(rows.map(\.mediated)), PostgresArray(rows.map(\.agreement)),
                PostgresArray(rows.map(\.referred)), PostgresArray(rows.map(\.reopened)),
                PostgresArray(rows.map(\.followUps)), PostgresArray(rows.map(\.satisfied)),
                PostgresArray(rows.map(\.basicallySatisfied)), PostgresArray(rows.map(\.dissatisfied)),
                PostgresArray(rows.map(\.lastEventAt)), PostgresArray(rows.map(\.summary)),
            ])
    }

    private static func writeAlerts(
        _ rows: [AlertCase], replacing streamIds: [String], version: Int, on connection: PostgresConnection
    ) async throws {
        let table = ReadModelSchema.table("alerts", version: version)
        try await connection.query("delete from \(table) where stream_id = any($1::text[])", [PostgresArray(streamIds)])
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            insert into \(table) (stream_id, alert_id, station_id, community_id, channel, category, initial_category,
                police_matter, priority, status, received_at, first_dispatched_at, first_arrived_at, cleared_at,
                diverted, cancelled, missing_arrival, dispatch_delay_seconds, travel_seconds, response_seconds,
                on_scene_seconds, deaths, injuries, amended_times, summary)
            select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::bool[], $9::int[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[],
                $14::timestamptz[], $15::bool[], $16::bool[], $17::bool[], $18::int8[], $19::int8[], $20::int8[],
                $21::int8[], $22::int[], $23::int[], $24::int[], $25::text[])
            """,
            [
                PostgresArray(rows.map(\.streamId)), PostgresArray(rows.map(\.alertId)),
                PostgresArray(rows.map(\.stationId)), PostgresArray(rows.map(\.communityId)),
                PostgresArray(rows.map(\.channel)), PostgresArray(rows.map(\.category)),
                PostgresArray(rows.map(\.initialCategory)), PostgresArray(rows.map(\.policeMatter)),
                PostgresArray(rows.map(\.priority)), PostgresArray(rows.map(\.status)),
                PostgresArray(rows.map(\.receivedAt)), PostgresArray(rows.map(\.firstDispatchedAt)),
                PostgresArray(rows.map(\.firstArrivedAt)), PostgresArray(rows.map(\.clearedAt)),
                PostgresArray(rows.map(\.diverted)), PostgresArray(rows.map(\.cancelled)),
                PostgresArray(rows.map(\.missingArrival)), PostgresArray(rows.map(\.dispatchDelaySeconds)),
                PostgresArray(rows.map(\.travelSeconds)), PostgresArray(rows.map(\.responseSeconds)),
                PostgresArray(rows.map(\.onSceneSeconds)), PostgresArray(rows.map(\.deaths)),
                PostgresArray(rows.map(\.injuries)), PostgresArray(rows.map(\.amendedTimes)),
                PostgresArray(rows.map(\.summary)),
            ])
    }
}
