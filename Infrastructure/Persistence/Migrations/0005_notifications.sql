-- The notification outbox: every notice to a reader, written in the same transaction as the change that caused it,
-- sent at least once by the workers of any instance, and created at most once (the idempotency key).
create table notifications (
    id                bigint generated always as identity primary key,
    idempotency_key   text not null constraint notifications_idempotency_key unique,
    kind              text not null,
    channel           text not null check (channel in ('template', 'custom')),
    patron_id         bigint references patrons (id) on delete cascade,
    openid            text,
    fields            jsonb not null default '{}',
    state             text not null default 'pending'
                          check (state in ('pending', 'held', 'sending', 'sent', 'failed', 'dead')),
    reason            text,
    attempts          int not null default 0,
    not_before        timestamptz not null default now(),
    lease_until       timestamptz,
    leased_by         text,
    first_attempt_at  timestamptz,
    outcome_unknown   boolean not null default false,
    wechat_msgid      bigint,
    delivery_status   text,
    created_at        timestamptz not null default now(),
    sent_at           timestamptz,
    constraint notifications_has_recipient check (patron_id is not null or openid is not null)
);

create index notifications_ready on notifications (not_before) where state = 'pending';
create index notifications_leased on notifications (lease_until) where state = 'sending';
create index notifications_held on notifications (not_before) where state = 'held';
create index notifications_msgid on notifications (wechat_msgid) where wechat_msgid is not null;

-- Notice kinds a reader switched off (only optional kinds are ever stored).
create table notification_opt_outs (
    patron_id   bigint not null references patrons (id) on delete cascade,
    kind        text not null,
    primary key (patron_id, kind)
);
