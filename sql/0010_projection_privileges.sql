-- The application role builds and reads the projections: it may create versioned tables
-- and views in schema `projections` and keep `projections.versions`. Skipped where the
-- role does not exist (0004 could not create it).
do $$
begin
    if exists (select from pg_roles where rolname = 'ledger_app') then
        grant usage, create on schema projections to ledger_app;
        grant select, insert, update, delete on projections.versions to ledger_app;
    end if;
end;
$$;
