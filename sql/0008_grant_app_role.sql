-- Lets the migrating user work as ledger_app (SET ROLE), so the server's event store can
-- run with only SELECT and INSERT on the log. Skipped where the role could not be made.
do $$
begin
    if exists (select from pg_roles where rolname = 'ledger_app')
       and not pg_has_role(current_user, 'ledger_app', 'MEMBER') then
        execute format('grant ledger_app to %I', current_user);
    end if;
exception
    when insufficient_privilege then null;
end;
$$;
