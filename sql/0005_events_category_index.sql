-- Reading one category of streams (all stations, say) without scanning the log.
create index events_category_order on ledger.events (split_part(stream_id, '-', 1), global_position);
