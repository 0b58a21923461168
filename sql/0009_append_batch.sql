-- Appends a bulk import's batch to many streams in one statement: the caller decided
-- every event against the histories it read and computed each one's stream version.
--
-- There is no version check here: the unique (stream_id, stream_version) constraint
-- refuses the whole statement when another writer appended to one of the streams after
-- the caller read it (SQLSTATE 23505), and the caller reads again and decides anew.
-- Event ids are unique as ever. One NOTIFY for the batch, delivered on commit.
-- Returns the highest global position written (null for an empty batch).
create function ledger.append_batch(
    p_stream_ids      text[],
    p_stream_versions integer[],
    p_event_ids       uuid[],
    p_types           text[],
    p_schema_versions integer[],
    p_data            jsonb[],
    p_occurred_at     timestamptz[],
    p_actors          text[],
    p_station_ids     text[]
) returns bigint
language plpgsql as $$
declare
    v_last bigint;
begin
    with inserted as (
        insert into ledger.events
               (event_id, stream_id, stream_version, type, schema_version, data,
                occurred_at, actor, station_id)
        select t.event_id, t.stream_id, t.stream_version, t.type, t.schema_version, t.data,
               t.occurred_at, t.actor, t.station_id
          from unnest(p_event_ids, p_stream_ids, p_stream_versions, p_types, p_schema_versions,
                      p_data, p_occurred_at, p_actors, p_station_ids)
               with ordinality as t(event_id, stream_id, stream_version, type, schema_version,
                                    data, occurred_at, actor, station_id, n)
         order by t.n
        returning global_position
    )
    select max(global_position) into v_last from inserted;

    if v_last is not null then
        perform pg_notify('ledger_events', '');
    end if;
    return v_last;
end;
$$;

-- The application role may call it, where migration 0004 could create that role.
do $$
begin
    if exists (select from pg_roles where rolname = 'ledger_app') then
        grant execute on function ledger.append_batch(text[], integer[], uuid[], text[], integer[], jsonb[], timestamptz[], text[], text[]) to ledger_app;
    end if;
end;
$$;
