-- Appends go only through the ledger's functions, which run with their owner's rights
-- (SECURITY DEFINER): the application role then needs no INSERT on ledger.events, so it
-- cannot choose a row's transaction_id or global_position (OVERRIDING SYSTEM VALUE), which
-- would hide the row from every gap-free reader of the log.
--
-- The pattern for every append function, now and later: owned by the log's owner (the
-- migrating user), SECURITY DEFINER, `search_path` fixed to pg_catalog then pg_temp (so a
-- caller's objects cannot stand in for the built-ins it calls; the body names ledger.*
-- in full), EXECUTE revoked from PUBLIC and granted to ledger_app only.
alter function ledger.append_events(text, integer, uuid[], text[], integer[], jsonb[], timestamptz[], text[], text)
    security definer set search_path = pg_catalog, pg_temp;
alter function ledger.append_batch(text[], integer[], uuid[], text[], integer[], jsonb[], timestamptz[], text[], text[])
    security definer set search_path = pg_catalog, pg_temp;

revoke execute on function ledger.append_events(text, integer, uuid[], text[], integer[], jsonb[], timestamptz[], text[], text) from public;
revoke execute on function ledger.append_batch(text[], integer[], uuid[], text[], integer[], jsonb[], timestamptz[], text[], text[]) from public;
