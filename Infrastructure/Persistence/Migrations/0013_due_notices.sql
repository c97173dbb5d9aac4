-- Due-date notices and the overdue follow-up desk: the notice rules per patron group, the daily scan's reports,
-- notices that go stale, scheduled jobs that hold a lease while they run, and staff contacts about overdue loans.

-- When each patron group is told about a due date (FOLIO's notice policy): an offset in days from the due date
-- (negative before), optionally repeated every N days up to a number of times, at an escalation level (0 courtesy,
-- 1 to 3 each firmer). A courtesy notice (level 0) may be switched off by the reader; overdue notices may not.
create table notice_rules (
    id              int generated always as identity primary key,
    patron_group    text not null check (patron_group in
                        ('undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted')),
    code            text not null check (code ~ '^[a-z0-9-]{2,32}$'),
    kind            text not null check (kind in ('due-reminder', 'overdue')),
    offset_days     int not null check (offset_days between -30 and 365),
    repeat_every_days int check (repeat_every_days between 1 and 365),
    max_repeats     int not null default 0 check (max_repeats between 0 and 52),
    level           smallint not null check (level between 0 and 3),
    enabled         boolean not null default true,
    updated_at      timestamptz not null default now(),
    unique (patron_group, code),
    -- A courtesy reminder is about a loan not yet overdue; an overdue notice about one that is.
    check ((kind = 'due-reminder') = (offset_days <= 0)),
    check ((kind = 'due-reminder') = (level = 0)),
    check (repeat_every_days is not null or max_repeats = 0)
);
insert into notice_rules (patron_group, code, kind, offset_days, level)
select g, r.code, r.kind, r.offset_days, r.level
from unnest(array['undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted']) g
cross join (values ('courtesy', 'due-reminder', -3, 0), ('due-day', 'due-reminder', 0, 0),
                   ('overdue-1', 'overdue', 1, 1), ('overdue-7', 'overdue', 7, 2), ('overdue-14', 'overdue', 14, 3))
    as r (code, kind, offset_days, level);

-- One report per daily scan: what it saw, what it queued by kind, what it skipped by reason, how long it took.
create table notice_scans (
    id           bigint generated always as identity primary key,
    scan_date    date not null unique,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    loans_seen   int not null default 0,
    enqueued     jsonb not null default '{}',
    skipped      jsonb not null default '{}',
    duration_ms  int
);

-- A notice true only until a moment (a courtesy reminder, until its due date ends) is dropped, not sent, after it.
alter table notifications add column stale_after timestamptz;
alter table notifications drop constraint notifications_state_check;
alter table notifications add constraint notifications_state_check
    check (state in ('pending', 'held', 'sending', 'sent', 'failed', 'dead', 'dropped'));

-- A running job holds a lease, renewed by its heartbeat: no other instance starts it meanwhile, and one whose
-- instance died is run again once the lease has run out.
alter table scheduled_jobs
    add column running_by    text,
    add column running_until timestamptz;

-- Every contact staff make about an overdue loan: who, when, how, what came of it, and when to follow up.
create table overdue_contacts (
    id               bigint generated always as identity primary key,
    loan_id          bigint not null references loans (id) on delete cascade,
    staff_id         bigint not null references staff_accounts (id),
    contacted_at     timestamptz not null,
    channel          text not null check (channel in ('phone', 'wechat', 'email', 'enterprise_chat', 'in_person')),
    outcome          text not null check (outcome in
                         ('reached', 'promised_return', 'no_answer', 'message_left', 'wrong_contact', 'disputed', 'other')),
    note             text not null default '' check (length(note) <= 2000),
    next_follow_up_on date,
    created_at       timestamptz not null default now()
);
create index overdue_contacts_by_loan on overdue_contacts (loan_id, contacted_at desc);
create index overdue_contacts_by_staff on overdue_contacts (staff_id);
