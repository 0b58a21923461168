-- The role the application works as: it may read and append to the log, never change
-- it. Created only where the migrating user may create roles; roles are cluster-wide,
-- so another database of the same cluster may have created it already.
do $$
begin
    if not exists (select from pg_roles where rolname = 'ledger_app') then
        begin
            create role ledger_app nologin;
        exception
            when duplicate_object or unique_violation then null;
            when insufficient_privilege then return;
        end;
    end if;
    grant usage on schema ledger to ledger_app;
    grant select, insert on ledger.events to ledger_app;
    grant execute on function ledger.append_events(text, integer, uuid[], text[], integer[], jsonb[], timestamptz[], text[], text) to ledger_app;
end;
$$;
