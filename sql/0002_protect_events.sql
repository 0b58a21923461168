-- The log is append-only: the database itself refuses to change or remove a row.
create function ledger.refuse_event_change() returns trigger
language plpgsql as $$
begin
    raise exception using
        errcode = 'LE003',
        message = format('ledger.events is append-only: %s is not allowed', tg_op);
end;
$$;

create trigger events_no_update_or_delete
    before update or delete on ledger.events
    for each row execute function ledger.refuse_event_change();

create trigger events_no_truncate
    before truncate on ledger.events
    for each statement execute function ledger.refuse_event_change();

revoke update, delete, truncate on ledger.events from public;
