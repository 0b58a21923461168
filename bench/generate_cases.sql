-- One chunk of the benchmark log, appended straight to ledger.events in one statement:
-- cases :lo … :hi (disputes and alerts of the stations of generate_stations.sql), each
-- starting at a random moment of the window that begins :woffset seconds after :'wfrom'
-- and lasts :wspan seconds; every event of a case is in its chunk, the chunk's events in
-- time order.
--
-- Each case follows a legal lifecycle (docs/domain-rules.md): most disputes are mediated
-- to agreement and resolved, some referred, closed unresolved, withdrawn or still open,
-- some followed up, a few reopened and resolved again, a few with the category amended;
-- most alerts are dispatched, arrive and are cleared, some with two units, some diverted,
-- cancelled, cleared with advice only or cleared without an arrival, a few reclassified.
-- Payloads are stored exactly as the app stores them (ids as it encodes them, defaults
-- filled in, absent optional fields left out). Stream versions count from 1 without gaps.
--
-- psql variables: lo, hi (case numbers; unique over a log), wfrom (timestamptz), woffset and
-- wspan (seconds), seed (-1 … 1, for setseed).
set work_mem = '256MB';
select setseed(:seed);

-- A UUID (version 4 layout) derived from a text, so every id is reproducible.
create function pg_temp.uid(text) returns uuid language sql immutable
    as $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$;

with r as materialized (
    select n, random() as ra, random() as rb, random() as rc, random() as rd, random() as re,
           random() as rf, random() as rg, random() as rh, random() as ri, random() as rj,
           random() as rk, random() as rl, random() as rm, random() as rn
      from generate_series(:lo::bigint, :hi::bigint) n
),
c as (
    select n, ra < 0.45 as dispute, re, rf, rg, rh, rm, rn,
           'st' || lpad(floor(rb * 5)::int::text, 3, '0') as station,
           floor(rc * 8)::int as co,
           pg_temp.uid('case:' || n) as id,
           :'wfrom'::timestamptz + (:woffset + rd * :wspan) * interval '1 second' as t0,
           ri, rj, rk, rl
      from r
),
dispute_cases as (  -- disputes: scenario and the times of their entries
    select c.*, upper(c.id::text) as idtext,
           case when re < 0.70 then 'A'      -- mediated to agreement, resolved
                when re < 0.80 then 'B'      -- no agreement, referred, then resolved or closed
                when re < 0.86 then 'C'      -- no agreement, closed unresolved
                when re < 0.91 then 'D'      -- withdrawn: resolved without mediation
                when re < 0.96 then 'E'      -- in mediation (adjourned), still open
                else 'F' end as scenario,    -- logged, still open
           t0 + (3600 + ri * 47 * 3600) * interval '1 second' as t1,
           t0 + (3600 + ri * 47 * 3600 + 3600 + rj * 71 * 3600) * interval '1 second' as t2
      from c where dispute
),
dispute_times as (
    select dispute_cases.*,
           t2 + (600 + rk * 10200) * interval '1 second' as t3,
           t2 + (600 + rk * 10200 + 86400 + rl * 20 * 86400) * interval '1 second' as t4
      from dispute_cases
),
dispute_times2 as (  -- which of the ten entries (slots) the case has: 1 present, 0 absent
    select dispute_times.*,
           t4 + (3 * 86400 + rg * 11 * 86400) * interval '1 second' as t5,
           t4 + (3 * 86400 + rg * 11 * 86400 + 15 * 86400 + rh * 45 * 86400) * interval '1 second' as t6,
           ((scenario = 'A' and rf < 0.25) or scenario = 'E')::int as p2,
           (scenario in ('A', 'B', 'C'))::int as p3,
           (scenario in ('A', 'B', 'C', 'D'))::int as p4,
           (scenario = 'B')::int as p5,
           (scenario in ('A', 'B', 'C', 'D') and rg < 0.6)::int as p6,
           (scenario = 'A' and rh < 0.03)::int as p7,   -- reopened: slots 7, 8 and 9
           (rh > 0.99)::int as p10
      from dispute_times
),
dispute_slots as materialized (  -- a slot's stream version: the present slots up to it
    select dispute_times2.*,
           2 + p2 as v3, 2 + p2 + p3 as v4, 2 + p2 + p3 + p4 as v5, 2 + p2 + p3 + p4 + p5 as v6,
           2 + p2 + p3 + p4 + p5 + p6 as v7, 2 + p2 + p3 + p4 + p5 + p6 + 3 * p7 as v10
      from dispute_times2
),
disputes as (
    select n, 'dispute-' || id as stream_id, station, 'clerk-' || station as actor, e.*
      from dispute_slots cross join lateral (values
        (1, 1, true, 'DisputeLogged', jsonb_build_object(
            'disputeId', idtext, 'stationId', station,
            'communityId', station || '-co' || lpad(co::text, 2, '0'),
            'category', (array['neighbour', 'neighbour', 'neighbour', 'neighbour', 'neighbour', 'neighbour',
                               'family', 'family', 'family', 'property_management', 'property_management',
                               'property_management', 'labour', 'labour', 'commercial', 'traffic', 'traffic',
                               'land', 'land', 'other'])[1 + floor(rm * 20)::int],
            'discoveredVia', (array['walk_in', 'walk_in', 'screening', 'grid_worker', 'grid_worker', 'alert',
                                    'referral_in'])[1 + floor(rn * 7)::int],
            'summary', '双方因噪音发生争执',
            'parties', '[{"name": "张三"}, {"name": "李四", "phone": "13800000000"}]'::jsonb,
            'key', rh < 0.1), t0),
        (2, 2, p2 = 1, 'MediationHeld', case when p2 = 1 then jsonb_build_object(
            'mechanism', 'peoples', 'outcome', 'adjourned', 'venue', '调解室') end, t1),
        (3, v3, p3 = 1, 'MediationHeld', case when p3 = 1 then jsonb_build_object(
            'mechanism', (array['police', 'peoples', 'peoples', 'joint'])[1 + floor(rn * 4)::int],
            'outcome', case when scenario = 'A' then 'agreement' else 'no_agreement' end,
            'venue', '调解室') end, t2),
        (4, v4, p4 = 1,
            case scenario when 'B' then 'DisputeReferred' when 'C' then 'DisputeClosedUnresolved'
                          else 'DisputeResolved' end,
            case scenario
                when 'A' then jsonb_build_object('method', 'mediation', 'resolutionLevel',
                    (array['scene', 'grid', 'community', 'community', 'station'])[1 + floor(rf * 5)::int])
                when 'D' then jsonb_build_object('method', 'withdrawn', 'resolutionLevel', 'scene')
                when 'B' then jsonb_build_object('agency', 'judicial_office', 'mechanism', 'judicial')
                else jsonb_build_object('reason', (array['refused', 'unreachable', 'other'])[1 + floor(rf * 3)::int])
            end, t3),
        (5, v5, p5 = 1, case when rf < 0.6 then 'DisputeResolved' else 'DisputeClosedUnresolved' end,
            case when rf < 0.6 then jsonb_build_object('method', 'referral', 'resolutionLevel', 'township')
                 else jsonb_build_object('reason', 'litigation') end, t4),
        (6, v6, p6 = 1, 'FollowUpConducted',
            case when rg >= 0.57 then jsonb_build_object('reached', false)
                 when scenario = 'A' then jsonb_build_object('reached', true, 'agreementKept', true, 'rating',
                    case when rg < 0.50 then 'satisfied' when rg < 0.54 then 'basically_satisfied' else 'dissatisfied' end)
                 else jsonb_build_object('reached', true, 'rating',
                    case when rg < 0.40 then 'satisfied' when rg < 0.50 then 'basically_satisfied' else 'dissatisfied' end)
            end, t5),
        (7, v7, p7 = 1, 'DisputeReopened', jsonb_build_object(
            'cause', case when rh < 0.015 then 'recurrence' else 'agreement_broken' end), t6),
        (8, v7 + 1, p7 = 1, 'MediationHeld', jsonb_build_object(
            'mechanism', 'joint', 'outcome', 'agreement'), t6 + interval '1 day'),
        (9, v7 + 2, p7 = 1, 'DisputeResolved', jsonb_build_object(
            'method', 'mediation', 'resolutionLevel', 'station'), t6 + interval '1 day 1 hour'),
        (10, v10, p10 = 1, 'EntryAmended', jsonb_build_object(
            'targetEventId', upper(pg_temp.uid('event:' || n || ':1')::text),
            'changes', jsonb_build_object('category', 'family'),
            'reason', 'entered under the wrong category'), t6 + interval '2 days')
      ) as e(slot, version, present, type, data, occurred)
     where e.present
),
alert_cases as (  -- alerts: scenario and the times of their entries
    select c.*, upper(c.id::text) as idtext,
           case when re < 0.78 then 'N'      -- dispatched, arrived, cleared
                when re < 0.82 then 'T'      -- two units
                when re < 0.87 then 'V'      -- not a police matter: diverted before dispatch
                when re < 0.89 then 'W'      -- diverted after arrival
                when re < 0.92 then 'X'      -- cancelled (some after a dispatch)
                when re < 0.96 then 'Y'      -- cleared with advice only, no unit
                when re < 0.98 then 'M'      -- dispatched, cleared without an arrival
                else 'O' end as scenario,    -- dispatched, still open
           (array['phone_110', 'phone_110', 'phone_110', 'phone_110', 'phone_110', 'phone_110',
                  'hotline_12345', 'walk_in', 'patrol', 'app'])[1 + floor(rm * 10)::int] as channel,
           'car-' || floor(rn * 20)::int as unit1,
           'car-' || (floor(rn * 20)::int + 7) % 20 as unit2,
           t0 + (30 + ri * 270) * interval '1 second' as a2
      from c where not dispute
),
alert_times as (
    select alert_cases.*,
           case when scenario = 'V' then 'non_police'
                else (array['public_order', 'public_order', 'public_order', 'public_order', 'public_order',
                            'public_order', 'dispute', 'dispute', 'dispute', 'dispute', 'dispute', 'assistance',
                            'assistance', 'assistance', 'traffic_accident', 'traffic_accident',
                            'traffic_accident', 'criminal', 'criminal', 'other'])[1 + floor(rf * 20)::int]
           end as category,
           a2 + (5 + rj * 55) * interval '1 second' as a3,
           a2 + (5 + rj * 55 + 180 + rk * 720) * interval '1 second' as a4
      from alert_cases
),
alert_times2 as (  -- which of the seven entries (slots) the case has: 1 present, 0 absent
    select alert_times.*,
           a4 + (10 + rj * 120) * interval '1 second' as a5,
           a4 + (10 + rj * 120 + 900 + rl * 6300) * interval '1 second' as a6,
           (scenario = 'N' and rh < 0.03)::int as q2,
           (scenario in ('N', 'T', 'W', 'M', 'O') or (scenario = 'X' and rh < 0.5))::int as q3,
           (scenario = 'T')::int as q4,         -- a second unit: slots 4 and 6
           (scenario in ('N', 'T', 'W'))::int as q5,
           (scenario <> 'O')::int as q7
      from alert_times
),
alert_slots as materialized (  -- a slot's stream version: the present slots up to it
    select alert_times2.*,
           2 + q2 as w3, 2 + q2 + q3 as w4, 2 + q2 + q3 + q4 as w5, 2 + q2 + q3 + q4 + q5 as w6,
           2 + q2 + q3 + 2 * q4 + q5 as w7
      from alert_times2
),
alerts as (
    select n, 'alert-' || id as stream_id, station, 'dispatcher-' || station as actor, e.*
      from alert_slots cross join lateral (values
        (1, 1, true, 'AlertReceived', jsonb_build_object(
            'alertId', idtext, 'stationId', station,
            'communityId', station || '-co' || lpad(co::text, 2, '0'),
            'channel', channel, 'category', category, 'priority', 1 + floor(rg * 3)::int,
            'summary', '群众报警', 'policeMatter', category <> 'non_police'), t0),
        (2, 2, q2 = 1, 'AlertReclassified', jsonb_build_object(
            'category', 'criminal', 'reason', 'theft confirmed on the phone'), t0 + interval '10 seconds'),
        (3, w3, q3 = 1, 'UnitDispatched',
            jsonb_build_object('unitId', unit1), a2),
        (4, w4, q4 = 1, 'UnitDispatched', jsonb_build_object('unitId', unit2), a3),
        (5, w5, q5 = 1, 'UnitArrived', jsonb_build_object('unitId', unit1), a4),
        (6, w6, q4 = 1, 'UnitArrived', jsonb_build_object('unitId', unit2), a5),
        (7, w7, q7 = 1,
            case scenario when 'V' then 'AlertDiverted' when 'W' then 'AlertDiverted'
                          when 'X' then 'AlertCancelled' else 'AlertCleared' end,
            case scenario
                when 'V' then jsonb_build_object('agency', 'street_office', 'beforeDispatch', true)
                when 'W' then jsonb_build_object('agency', 'traffic_police', 'beforeDispatch', false)
                when 'X' then jsonb_build_object('reason', 'caller withdrew')
                when 'Y' then jsonb_build_object('disposition', 'advice_only', 'deaths', 0, 'injuries', 0)
                when 'M' then jsonb_build_object('disposition', 'handled', 'deaths', 0, 'injuries', 0)
                else jsonb_build_object('disposition',
                        case when category = 'criminal' or rh < 0.03 then 'case_opened'
                             when rg < 0.5 then 'handled' else 'mediated' end,
                        'deaths', 0, 'injuries', 0)
            end, a6)
      ) as e(slot, version, present, type, data, occurred)
     where e.present
),
events as (
    select pg_temp.uid('event:' || n || ':' || slot) as event_id, stream_id, version, type,
           case when type = 'AlertReceived' then 2 else 1 end as schema_version, data, occurred, actor, station,
           n, slot
      from (select * from disputes union all select * from alerts) e
)
insert into ledger.events (event_id, stream_id, stream_version, type, schema_version, data,
                           occurred_at, actor, station_id, hash)
-- Each stream's hash chain (sql/0015) as the log's insert trigger would compute it row by
-- row; generate_log.py switches that trigger off while the index it looks the previous
-- version up in is dropped.
select event_id, stream_id, version, type, schema_version, data, occurred, actor, station,
       ledger.chain_hash(event_id, stream_id, version, type, schema_version, occurred, actor, station, data)
           over (partition by stream_id order by version)
  from events
 order by occurred, n, slot;
