-- What the projection runner needs beyond a checkpoint.
--
-- A rebuild first loads a snapshot of the log stream by stream: `snapshot_after` is the
-- last stream it wrote (so a killed rebuild resumes after it) and `snapshot_complete`
-- says the snapshot is loaded and the version continues from its checkpoint like any
-- other. A stream whose rows cannot be derived or written is parked instead of stopping
-- the projection; it is retried whenever one of its events arrives, and by a replay.
alter table projections.versions
    add column snapshot_after    text,
    add column snapshot_complete boolean not null default true;

create table projections.parked_streams (
    projection      text        not null,
    version         integer     not null,
    stream_id       text        not null,
    global_position bigint      not null,
    error           text        not null,
    parked_at       timestamptz not null default now(),
    primary key (projection, version, stream_id)
);

do $$
begin
    if exists (select from pg_roles where rolname = 'ledger_app') then
        grant select, insert, update, delete on projections.parked_streams to ledger_app;
    end if;
end;
$$;
