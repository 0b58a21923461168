-- The event log: every fact the ledger knows, in the order it was stored.
create schema if not exists ledger;

create table ledger.events (
    global_position bigint generated always as identity primary key,
    transaction_id  xid8        not null default pg_current_xact_id(),
    event_id        uuid        not null,
    stream_id       text        not null check (stream_id ~ '^[a-z]+-.+$'),
    stream_version  integer     not null check (stream_version > 0),
    type            text        not null,
    schema_version  integer     not null default 1 check (schema_version > 0),
    data            jsonb       not null check (jsonb_typeof(data) = 'object'),
    metadata        jsonb       not null default '{}'::jsonb,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null default now(),
    actor           text        not null,
    station_id      text        not null,
    constraint events_event_id_key unique (event_id),
    constraint events_stream_version_key unique (stream_id, stream_version)
);

-- Readers tail the log in (transaction_id, global_position) order.
create index events_transaction_order on ledger.events (transaction_id, global_position);
