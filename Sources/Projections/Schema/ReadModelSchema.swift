/// The DDL of every projection's versioned tables and of the views readers use.
///
/// Table names are built only from the constant base names and a version number, never
/// from input; values always travel as statement parameters.
enum ReadModelSchema {
    /// `projections.<base>_v<version>`.
    static func table(_ base: String, version: Int) -> String {
        "projections.\(base)_v\(version)"
    }

    /// `projections.<base>`, the view on the active version.
    static func view(_ base: String) -> String {
        "projections.\(base)"
    }

    /// Creates the tables of one version (idempotent).
    static func createTables(_ projection: Projection, version: Int) -> String {
        switch projection {
        case .stations:
            let stations = table("stations", version: version)
            let targets = table("station_targets", version: version)
            let communities = table("communities", version: version)
            return """
                create table if not exists \(stations) (
                    station_id        text primary key,
                    name              text not null,
                    time_zone         text not null,
                    registered_target integer not null
                );
                create table if not exists \(targets) (
                    station_id     text not null,
                    sequence       integer not null,
                    effective_from date not null,
                    minutes        integer not null,
                    primary key (station_id, sequence)
                );
                create table if not exists \(communities) (
                    community_id text primary key,
                    station_id   text not null,
                    name         text not null,
                    area_class   text not null
                );
                """
        case .disputes:
            let disputes = table("disputes", version: version)
            return """
                create table if not exists \(disputes) (
                    stream_id           text primary key,
                    dispute_id          uuid not null,
                    station_id          text not null,
                    community_id        text,
                    category            text not null,
                    discovered_via      text not null,
                    key                 boolean not null,
                    status              text not null,
                    logged_at           timestamptz not null,
                    first_resolved_at   timestamptz,
                    resolve_seconds     bigint,
                    resolution_level    text,
                    mediated            boolean not null,
                    agreement           boolean not null,
                    referred            boolean not null,
                    reopened            boolean not null,
                    follow_ups          integer not null,
                    satisfied           integer not null,
                    basically_satisfied integer not null,
                    dissatisfied        integer not null,
                    last_event_at       timestamptz not null,
                    summary             text
                );
                create index if not exists disputes_v\(version)_logged on \(disputes) (logged_at, stream_id);
                create index if not exists disputes_v\(version)_station on \(disputes) (station_id, logged_at);
                """
        case .alerts:
            let alerts = table("alerts", version: version)
            return """
                create table if not exists \(alerts) (
                    stream_id              text primary key,
                    alert_id               uuid not null,
                    station_id             text not null,
                    community_id           text,
                    channel                text not null,
                    category               text not null,
                    initial_category       text not null,
                    police_matter          boolean not null,
                    priority               integer,
                    status                 text not null,
                    received_at            timestamptz not null,
                    first_dispatched_at    timestamptz,
                    first_arrived_at       timestamptz,
                    cleared_at             timestamptz,
                    diverted               boolean not null,
                    cancelled              boolean not null,
                    missing_arrival        boolean not null,
                    dispatch_delay_seconds bigint,
                    travel_seconds         bigint,
                    response_seconds       bigint,
                    on_scene_seconds       bigint,
                    deaths                 integer not null,
                    injuries               integer not null,
                    amended_times          integer not null,
                    summary                text
                );
                create index if not exists alerts_v\(version)_received on \(alerts) (received_at, stream_id);
                create index if not exists alerts_v\(version)_station on \(alerts) (station_id, received_at);
                """
        }
    }

    /// Points the projection's views at `version`'s tables.
    static func pointViews(_ projection: Projection, version: Int) -> String {
        projection.tables.map { base in
            "drop view if exists \(view(base)); create view \(view(base)) as select * from \(table(base, version: version));"
        }.joined(separator: "\n")
    }

    /// Drops the tables of a version that no longer serves.
    static func dropTables(_ projection: Projection, version: Int) -> String {
        projection.tables.map { "drop table if exists \(table($0, version: version));" }.joined(separator: "\n")
    }
}
