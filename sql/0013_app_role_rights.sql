-- What ledger_app, the role every command but `migrate` works as, may do: read the log
-- and append to it through the ledger functions only (no INSERT, UPDATE, DELETE or
-- TRUNCATE on ledger.events); read which migrations ran; keep the API tokens (create,
-- look up, revoke); see every session's transaction age for the oldest-transaction
-- metric (pg_read_all_stats, where the migrating user may grant it). Skipped where the
-- role does not exist (0004 could not create it).
do $$
begin
    if not exists (select from pg_roles where rolname = 'ledger_app') then
        return;
    end if;
    revoke insert, update, delete, truncate, references, trigger on ledger.events from ledger_app;
    grant select on ledger.schema_migrations to ledger_app;
    grant select, insert, update on ledger.api_tokens to ledger_app;
    begin
        grant pg_read_all_stats to ledger_app;
    exception
        when insufficient_privilege then null;
    end;
end;
$$;
