-- Staff announcements sent as WeChat mass messages (群发). An announcement's audience is resolved once, when it starts
-- sending, into one target row per openid (a reader is targeted once, however often the job restarts); targets are cut
-- into batches, one mass-send request each. A batch leaves at most once: an attempt that may have reached WeChat (it
-- succeeded, its outcome is unknown, or its sender stopped before recording it) is never followed by another.
create table announcements (
    id            bigint generated always as identity primary key,
    title         text not null check (length(title) between 1 and 64),
    body          text not null check (length(body) between 1 and 600),
    link          text check (link ~ '^https?://'),
    category      text not null check (category in ('notice', 'closure', 'event', 'resources')),
    audience      jsonb not null,
    status        text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
    send_at       timestamptz,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    cancelled_by  text,
    -- The month (its first day, library time) whose mass-message cap the announcement's readers were counted against.
    cap_month     date,
    constraint announcements_scheduled_has_time check (status <> 'scheduled' or send_at is not null)
);
create index announcements_due on announcements (send_at) where status = 'scheduled';
create index announcements_published on announcements (started_at desc) where status in ('sending', 'sent');

create table announcement_batches (
    id               bigint generated always as identity primary key,
    announcement_id  bigint not null references announcements (id),
    seq              int not null,
    size             int not null check (size > 0),
    state            text not null default 'pending'
                         check (state in ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
    not_before       timestamptz not null default '-infinity',
    leased_by        text,
    lease_until      timestamptz,
    msg_id           bigint,
    reason           text,
    -- MASSSENDJOBFINISH: WeChat's totals for the batch once it has gone out.
    finish_status    text,
    total_count      int,
    filter_count     int,
    sent_count       int,
    error_count      int,
    finished_at      timestamptz,
    unique (announcement_id, seq)
);
create index announcement_batches_pending on announcement_batches (not_before) where state = 'pending';
create index announcement_batches_leased on announcement_batches (lease_until) where state = 'sending';
create unique index announcement_batches_msg_id on announcement_batches (msg_id) where msg_id is not null;

-- Every request that left (or was about to leave) for WeChat with a batch; ended_at null: the sender stopped first.
create table announcement_attempts (
    id          bigint generated always as identity primary key,
    batch_id    bigint not null references announcement_batches (id),
    worker      text not null,
    started_at  timestamptz not null,
    ended_at    timestamptz,
    outcome     text check (outcome in ('success', 'refused', 'unknown')),
    detail      text
);
create index announcement_attempts_batch on announcement_attempts (batch_id);

-- Written only by the statement that starts an announcement, from the announcement it holds locked and the batches it
-- inserts: each target belongs to its announcement and batch by key.
create table announcement_targets (
    announcement_id  bigint not null references announcements (id),
    openid           text not null,
    -- The bound reader at the start, if any: a record of who it was, not a key, so removing a reader never waits on old
    -- announcements.
    patron_id        bigint,
    -- Left out: the reader has had the month's mass messages already.
    over_cap         boolean not null default false,
    batch_id         bigint references announcement_batches (id),
    primary key (announcement_id, openid)
);
create index announcement_targets_batch on announcement_targets (batch_id);

-- Mass messages counted against each follower's month (WeChat lets a service account's follower receive only a few):
-- taken when an announcement starts, one at a time under the row's lock so that announcements started together never
-- count a follower past the cap; given back for a batch that never left (cancelled, failed), kept for one that was sent
-- or whose outcome is unknown.
create table mass_message_counts (
    openid   text not null,
    month    date not null,
    counted  int not null check (counted >= 0),
    primary key (openid, month)
);

-- Where an announcer's previews go: the staff member's own WeChat.
alter table staff_accounts add column preview_openid text check (preview_openid ~ '^[0-9A-Za-z_-]{6,64}$');
