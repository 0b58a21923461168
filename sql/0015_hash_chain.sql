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
create function ledger.hash_field(p_value text) returns bytea
language sql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$
    select int4send(octet_length(convert_to(p_value, 'UTF8'))) || convert_to(p_value, 'UTF8')
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
language sql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$
    select sha256(
        ledger.hash_field('ledger-event-v1')
        || ledger.hash_field(p_event_id::text)
        || ledger.hash_field(p_stream_id)
        || ledger.hash_field(p_stream_version::text)
        || ledger.hash_field(p_type)
        || ledger.hash_field(p_schema_version::text)
        || ledger.hash_field((extract(epoch from p_occurred_at) * 1000000)::int8::text)
        || ledger.hash_field(p_actor)
        || ledger.hash_field(p_station_id)
        || ledger.hash_field(p_data::text)
        || p_previous)
$$;

alter table ledger.events add column hash bytea;

-- The one-time backfill: the append-only trigger is off only inside this transaction,
-- which runs as the log's owner.
alter table ledger.events disable trigger events_no_update_or_delete;
do $$
declare
    v_row    record;
    v_stream text;
    v_prev   bytea;
begin
    for v_row in
        select global_position, event_id, stream_id, stream_version, type, schema_version,
               occurred_at, actor, station_id, data
          from ledger.events
         order by stream_id, stream_version
    loop
        if v_stream is distinct from v_row.stream_id then
            v_stream := v_row.stream_id;
            v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        end if;
        v_prev := ledger.event_hash(v_row.event_id, v_row.stream_id, v_row.stream_version, v_row.type,
                                    v_row.schema_version, v_row.occurred_at, v_row.actor,
                                    v_row.station_id, v_row.data, v_prev);
        update ledger.events set hash = v_prev where global_position = v_row.global_position;
    end loop;
end;
$$;
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
