-- Read models live in schema `projections`. Each projection (stations, disputes, alerts)
-- has versioned tables (`projections.alerts_v2`) built by the projector or by a replay;
-- this table records each version's state and checkpoint. Readers use the views
-- (`projections.alerts`) that point at the active version; a replay switches them in one
-- transaction. Exactly one active and at most one building version per projection.
create schema if not exists projections;

create table projections.versions (
    projection      text        not null,
    version         integer     not null check (version > 0),
    state           text        not null check (state in ('building', 'active', 'retired')),
    -- The checkpoint: the log cursor of the last event applied to this version.
    transaction_id  xid8        not null default '0'::xid8,
    global_position bigint      not null default 0,
    events_applied  bigint      not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (projection, version)
);

create unique index versions_one_active on projections.versions (projection) where state = 'active';
create unique index versions_one_building on projections.versions (projection) where state = 'building';
