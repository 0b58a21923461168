-- The keys that party names and phone numbers are encrypted with (crypto-shredding):
-- one AES-256 key per party of an event, kept here and never in the log, so destroying
-- a key erases that party's data from every copy of the log while every event, its hash
-- chain and every figure stay as they were.
--
-- `key` is null once erased; the row stays as a tombstone saying when and by whom, so an
-- erased party is told apart from one that never had a key, and a retry cannot bring a
-- new key in under the old name. ledger_app has no rights on the table itself: it gets,
-- reads and erases keys only through the functions below (SECURITY DEFINER, as 0012).
create table ledger.party_keys (
    event_id    uuid        not null,
    party_index integer     not null check (party_index >= 0),
    stream_id   text        not null,
    key         bytea       check (octet_length(key) = 32),
    created_at  timestamptz not null default now(),
    erased_at   timestamptz,
    erased_by   text,
    primary key (event_id, party_index),
    check ((key is null) = (erased_at is not null))
);

create index party_keys_stream on ledger.party_keys (stream_id);

revoke all on ledger.party_keys from public;

-- The keys for parties about to be sealed: the stored key where one exists (a retry of
-- the same event seals with the same key, so the ciphertext is byte-identical and the
-- retry is recognised as a repeat), else the new key offered, which is stored (none is
-- when the offer is null). An erased key comes back as null; a party with neither a
-- stored nor an offered key, not at all.
create function ledger.party_keys_for(
    p_event_ids  uuid[],
    p_indexes    integer[],
    p_stream_ids text[],
    p_new_keys   bytea[]
) returns table (event_id uuid, party_index integer, key bytea)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
    insert into ledger.party_keys (event_id, party_index, stream_id, key)
    select t.event_id, t.party_index, t.stream_id, t.key
      from unnest(p_event_ids, p_indexes, p_stream_ids, p_new_keys) as t(event_id, party_index, stream_id, key)
     where t.key is not null
    on conflict on constraint party_keys_pkey do nothing;

    return query
        select k.event_id, k.party_index, k.key
          from unnest(p_event_ids, p_indexes) as t(event_id, party_index)
          join ledger.party_keys k on k.event_id = t.event_id and k.party_index = t.party_index;
end;
$$;

-- The keys of the parties of some events, to show them; erased ones as null.
create function ledger.party_keys_of(p_event_ids uuid[])
returns table (event_id uuid, party_index integer, key bytea)
language sql stable
security definer
set search_path = pg_catalog, pg_temp
as $$
    select k.event_id, k.party_index, k.key
      from ledger.party_keys k
     where k.event_id = any (p_event_ids)
$$;

-- Destroys the keys of a stream's parties at `p_indexes` (every party when null) that
-- are not erased yet, saying who did it; returns the party indexes erased.
create function ledger.erase_party_keys(p_stream_id text, p_indexes integer[], p_erased_by text)
returns table (party_index integer)
language sql
security definer
set search_path = pg_catalog, pg_temp
as $$
    update ledger.party_keys k
       set key = null, erased_at = now(), erased_by = p_erased_by
     where k.stream_id = p_stream_id
       and k.key is not null
       and (p_indexes is null or k.party_index = any (p_indexes))
    returning k.party_index
$$;

revoke execute on function ledger.party_keys_for(uuid[], integer[], text[], bytea[]) from public;
revoke execute on function ledger.party_keys_of(uuid[]) from public;
revoke execute on function ledger.erase_party_keys(text, integer[], text) from public;

do $$
begin
    if exists (select from pg_roles where rolname = 'ledger_app') then
        grant execute on function ledger.party_keys_for(uuid[], integer[], text[], bytea[]) to ledger_app;
        grant execute on function ledger.party_keys_of(uuid[]) to ledger_app;
        grant execute on function ledger.erase_party_keys(text, integer[], text) to ledger_app;
    end if;
end;
$$;
