-- The projector and replay now work as ledger_app and create each new version's tables
-- and views as that role; they also replace views, cluster, analyze and drop retired
-- versions, which only an owner may do. So the read-model tables and views built before,
-- as the migrating user, pass to ledger_app (their indexes follow). projections.versions
-- and projections.parked_streams stay with the migrating user: ledger_app keeps their rows
-- (0010, 0011). Skipped where the role does not exist or the migrating user may not act as it.
do $$
declare
    v_relation record;
begin
    if not exists (select from pg_roles where rolname = 'ledger_app') then
        return;
    end if;
    for v_relation in
        select c.relname, c.relkind
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'projections'
           and c.relkind in ('r', 'v')
           and c.relname not in ('versions', 'parked_streams')
           and c.relowner <> (select oid from pg_roles where rolname = 'ledger_app')
    loop
        if v_relation.relkind = 'v' then
            execute format('alter view projections.%I owner to ledger_app', v_relation.relname);
        else
            execute format('alter table projections.%I owner to ledger_app', v_relation.relname);
        end if;
    end loop;
exception
    -- A migrating user that may not act as ledger_app keeps working as itself (the
    -- commands find the role unusable too), so its tables stay its own.
    when insufficient_privilege then null;
end;
$$;
