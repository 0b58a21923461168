-- Every event carries a SHA-256 chained to the previous event of its stream, so that a
-- row altered, removed, reordered or inserted behind the ledger's back shows.
--
-- The hash covers a fixed byte layout of the stored row (docs/tamper-evidence.md): a
-- domain tag, then event id (lower-case text), stream id, stream version (decimal), type,
-- schema version (decimal), occurred at (UTC microseconds since 1970, decimal), actor,
-- station id and data (jsonb's text output: keys sorted, spacing fixed), each as a 4-byte
-- big-endian length and its UTF-8 bytes, then the previous event's 32-byte hash (32 zero
-- bytes for version 1).
--
-- A BEFORE INSERT trigger computes it, so every writer gets it with nothing to pass:
-- ledger.append_events, ledger.append_batch, and the owner's own inserts (the benchmark's
-- generated logs); whatever `hash` an insert names is replaced. The trigger sees rows an
-- earlier part of the same statement inserted, so a batch may chain several versions of
-- one stream. A version whose predecessor is missing is refused (LE004).

-- One field of the layout: its UTF-8 byte length (4 bytes, big-endian) and the bytes.
-- The two hash functions are plain SQL, STABLE (as convert_to is), without a SET clause
-- or STRICT, so that the planner inlines them into the trigger's expression: declared
-- IMMUTABLE or with a SET clause they are called, not inlined, and cost about 100 µs a
-- row instead of 5, several times the insert itself. Every name is qualified instead.
create function ledger.hash_field(p_value text) returns bytea
language sql stable parallel safe
as $$
    select pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(p_value, 'UTF8')))
           operator(pg_catalog.||) pg_catalog.convert_to(p_value, 'UTF8')
$$;

-- The hash of one event given its predecessor's.
create function ledger.event_hash(
    p_event_id       uuid,
    p_stream_id      text,
    p_stream_version integer,
    p_type           text,
    p_schema_version integer,
    p_occurred_at    timestamptz,
    p_actor          text,
    p_station_id     text,
    p_data           jsonb,
    p_previous       bytea
) returns bytea
language sql stable parallel safe
as $$
    select pg_catalog.sha256(
        ledger.hash_field('ledger-event-v1')
        operator(pg_catalog.||) ledger.hash_field(p_event_id::text)
        operator(pg_catalog.||) ledger.hash_field(p_stream_id)
        operator(pg_catalog.||) ledger.hash_field(p_stream_version::text)
        operator(pg_catalog.||) ledger.hash_field(p_type)
        operator(pg_catalog.||) ledger.hash_field(p_schema_version::text)
        operator(pg_catalog.||) ledger.hash_field(
            ((extract(epoch from p_occurred_at) operator(pg_catalog.*) 1000000)::int8)::text)
        operator(pg_catalog.||) ledger.hash_field(p_actor)
        operator(pg_catalog.||) ledger.hash_field(p_station_id)
        operator(pg_catalog.||) ledger.hash_field(p_data::text)
        operator(pg_catalog.||) p_previous)
$$;

-- One step of a stream's chain, for the aggregate below: the event's hash given the
-- previous event's (null before version 1). PL/pgSQL, whose simple expressions inline
-- ledger.event_hash: as an SQL function the step costs twice as much a row.
create function ledger.chain_step(
    p_previous       bytea,
    p_event_id       uuid,
    p_stream_id      text,
    p_stream_version integer,
    p_type           text,
    p_schema_version integer,
    p_occurred_at    timestamptz,
    p_actor          text,
    p_station_id     text,
    p_data           jsonb
) returns bytea
language plpgsql stable parallel safe
as $$
begin
    return ledger.event_hash(
        p_event_id, p_stream_id, p_stream_version, p_type, p_schema_version, p_occurred_at, p_actor,
        p_station_id, p_data,
        coalesce(p_previous, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea));
end;
$$;

-- The chain as a window aggregate: `ledger.chain_hash(event_id, stream_id, stream_version,
-- type, schema_version, occurred_at, actor, station_id, data) over (partition by stream_id
-- order by stream_version)` is each row's hash, for whole streams computed in one set-based
-- statement (this migration's backfill, the benchmark's generated logs).
create aggregate ledger.chain_hash(uuid, text, integer, text, integer, timestamptz, text, text, jsonb) (
    sfunc = ledger.chain_step,
    stype = bytea
);

alter table ledger.events add column hash bytea;

-- The one-time backfill: the append-only trigger is off only inside this transaction,
-- which runs as the log's owner.
alter table ledger.events disable trigger events_no_update_or_delete;
update ledger.events e
   set hash = c.hash
  from (select global_position,
               ledger.chain_hash(event_id, stream_id, stream_version, type, schema_version, occurred_at, actor,
                                 station_id, data) over (partition by stream_id order by stream_version) as hash
          from ledger.events) c
 where c.global_position = e.global_position;
alter table ledger.events enable trigger events_no_update_or_delete;

alter table ledger.events alter column hash set not null;
alter table ledger.events add constraint events_hash_length check (octet_length(hash) = 32);

create function ledger.chain_event() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_prev bytea;
begin
    if new.stream_version = 1 then
        v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    else
        select e.hash into v_prev
          from ledger.events e
         where e.stream_id = new.stream_id and e.stream_version = new.stream_version - 1;
        if v_prev is null then
            raise exception using
                errcode = 'LE004',
                message = 'a stream version is appended without its predecessor',
                detail = new.stream_id || ' ' || new.stream_version::text;
        end if;
    end if;
    new.hash := ledger.event_hash(new.event_id, new.stream_id, new.stream_version, new.type,
                                  new.schema_version, new.occurred_at, new.actor, new.station_id,
                                  new.data, v_prev);
    return new;
end;
$$;

create trigger events_chain
    before insert on ledger.events
    for each row execute function ledger.chain_event();
