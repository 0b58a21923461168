-- The reference data of the benchmark log, appended straight to ledger.events: five
-- stations (st000 … st004), eight communities each, and one response-target change.
-- Payloads are stored exactly as the app stores them (defaults filled in, nulls left out).
-- psql variables: :'t0' (the registration time, before every case).
insert into ledger.events (event_id, stream_id, stream_version, type, schema_version, data,
                           occurred_at, actor, station_id)
select md5('station:' || s.id || ':' || e.version)::uuid, 'station-' || s.id, e.version, e.type, 1,
       e.data, :'t0'::timestamptz, 'bench-admin', s.id
  from (select 'st' || lpad(i::text, 3, '0') as id, i from generate_series(0, 4) i) s
 cross join lateral (
     select 1 as version, 'StationRegistered' as type,
            jsonb_build_object('stationId', s.id, 'name', '派出所 ' || s.i,
                               'timeZone', 'Asia/Shanghai', 'responseTargetMinutes', 10) as data
     union all
     select 2 + c, 'CommunityRegistered',
            jsonb_build_object('stationId', s.id, 'communityId', s.id || '-co' || lpad(c::text, 2, '0'),
                               'name', '社区 ' || s.id || '-' || c,
                               'areaClass', (array['urban', 'urban', 'suburban', 'rural'])[1 + (c + s.i) % 4])
       from generate_series(0, 7) c
     union all
     select 10, 'StationTargetChanged',
            jsonb_build_object('stationId', s.id, 'responseTargetMinutes', 12,
                               'effectiveFrom', to_char(:'t0'::timestamptz + interval '2 years', 'YYYY-MM-DD'))
      where s.i = 1
 ) e
 order by s.i, e.version;
