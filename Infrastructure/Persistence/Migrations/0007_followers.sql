-- Who follows the service account (from subscribe/unsubscribe events); announcements will target them.
create table followers (
    openid            text primary key check (openid ~ '^[0-9A-Za-z_-]{6,64}$'),
    subscribed_at     timestamptz not null,
    unsubscribed_at   timestamptz,
    scene             text not null default ''
);
