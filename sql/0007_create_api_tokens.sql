-- Bearer tokens for the HTTP API. Only a SHA-256 hash of each token is kept; the token
-- itself is shown once, when it is created. Tokens are credentials, not facts about the
-- world, so they live outside the event log and may be revoked in place.
create table ledger.api_tokens (
    token_id    uuid        primary key,
    token_hash  text        not null unique,
    role        text        not null check (role in ('clerk', 'supervisor', 'admin')),
    station_ids text[]      not null default '{}',
    name        text        not null default '',
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);
