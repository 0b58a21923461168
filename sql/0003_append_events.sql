-- Appends events to one stream in one call: the expected-version check, the
-- idempotency check by event id, the insert and the NOTIFY in a single round trip.
--
-- p_expected: null = any version, 0 = the stream must not exist, n = exactly n.
-- Returns one row per event; `repeated` is true when every event id was already stored
-- with the same stream, type and data (an idempotent retry), and then the original rows
-- are returned and nothing is written.
create function ledger.append_events(
    p_stream_id       text,
    p_expected        integer,
    p_event_ids       uuid[],
    p_types           text[],
    p_schema_versions integer[],
    p_data            jsonb[],
    p_occurred_at     timestamptz[],
    p_actors          text[],
    p_station_id      text
) returns table (event_id uuid, stream_version integer, global_position bigint, repeated boolean)
language plpgsql as $$
#variable_conflict use_column
declare
    v_current  integer;
    v_existing integer;
    v_same     integer;
begin
    -- Serialise appends to this stream so the version check and insert are atomic.
    perform pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

    select count(*), count(*) filter (
               where e.stream_id = p_stream_id and e.type = t.type and e.data = t.data)
      into v_existing, v_same
      from unnest(p_event_ids, p_types, p_data) as t(event_id, type, data)
      join ledger.events e on e.event_id = t.event_id;

    if v_existing > 0 then
        if v_existing = cardinality(p_event_ids) and v_same = v_existing then
            return query
                select e.event_id, e.stream_version, e.global_position, true
                  from ledger.events e
                 where e.event_id = any (p_event_ids)
                 order by e.global_position;
            return;
        end if;
        raise exception using
            errcode = 'LE002',
            message = 'an event id is already stored with other content';
    end if;

    select coalesce(max(e.stream_version), 0) into v_current
      from ledger.events e
     where e.stream_id = p_stream_id;

    if p_expected is not null and p_expected <> v_current then
        raise exception using
            errcode = 'LE001',
            message = 'the stream is not at the expected version',
            detail = v_current::text;
    end if;

    perform pg_notify('ledger_events', '');

    return query
        insert into ledger.events as e
               (event_id, stream_id, stream_version, type, schema_version, data,
                occurred_at, actor, station_id)
        select t.event_id, p_stream_id, v_current + t.n::integer, t.type, t.schema_version,
               t.data, t.occurred_at, t.actor, p_station_id
          from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_occurred_at, p_actors)
               with ordinality as t(event_id, type, schema_version, data, occurred_at, actor, n)
         order by t.n
        returning e.event_id, e.stream_version, e.global_position, false;
end;
$$;
