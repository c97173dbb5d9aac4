-- Every request a worker lets leave for WeChat, one row each, written just before it leaves: what counts a notice's
-- sends. An attempt that never ended is one whose sender stopped after sending: its outcome is unknown.
create table notification_attempts (
    id               bigint generated always as identity primary key,
    notification_id  bigint not null references notifications (id) on delete cascade,
    worker           text not null,
    started_at       timestamptz not null,
    ended_at         timestamptz,
    outcome          text check (outcome in ('success', 'transient', 'permanent', 'quota', 'unknown')),
    detail           text,
    wechat_msgid     bigint,
    constraint notification_attempts_ended check ((ended_at is null) = (outcome is null))
);

create index notification_attempts_notification on notification_attempts (notification_id);

-- Notices waiting to be resent after an unknown outcome: the sweep finds those whose resend window has closed.
create index notifications_unknown_waiting on notifications (first_attempt_at)
    where outcome_unknown and state in ('pending', 'held');
