-- Study and discussion rooms, booked by a group: the organiser names companions, who confirm; some rooms need staff
-- approval; the group checks in by scanning the room's QR code. The database keeps a room from two overlapping live
-- bookings and a person from two overlapping room bookings they hold (exclusion constraints, btree_gist from 0015).
create table rooms (
    id              bigint generated always as identity primary key,
    branch_id       smallint not null references branches (id),
    -- What the QR code on the door carries, unique across the library.
    code            text not null unique check (code ~ '^[A-Za-z0-9-]{1,32}$'),
    name            text not null check (name <> ''),
    name_en         text not null check (name_en <> ''),
    floor           text not null default '',
    kind            text not null default 'discussion' check (kind in ('study', 'discussion', 'seminar', 'media')),
    capacity        int not null check (capacity between 1 and 200),
    -- The group that must confirm (organiser included) before the booking holds.
    min_group       int not null default 1 check (min_group >= 1 and min_group <= capacity),
    has_screen      boolean not null default false,
    has_whiteboard  boolean not null default false,
    has_video       boolean not null default false,
    photo_url       text,
    needs_approval  boolean not null default false,
    -- Patron groups that may book it (organiser and companions); null: every group.
    patron_groups   text[] check (patron_groups <@ array['undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted']),
    enabled         boolean not null default true,
    created_at      timestamptz not null default now()
);
create index rooms_branch on rooms (branch_id);

-- Staff block a room for an event or maintenance; a block cancels the live bookings it meets, each with a notice.
create table room_blocks (
    id          bigint generated always as identity primary key,
    room_id     bigint not null references rooms (id),
    during      tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null),
    reason      text not null check (reason <> ''),
    blocked_by  text not null,
    created_at  timestamptz not null default now()
);
create index room_blocks_room on room_blocks using gist (room_id, during);

-- Live: pending (companions still to confirm), awaiting_approval (staff to decide), confirmed, checked_in.
-- Ended: finished, cancelled, lapsed (not enough confirmed, or not approved, by the deadline), rejected, released (no
-- check-in).
create table room_bookings (
    id               bigint generated always as identity primary key,
    room_id          bigint not null references rooms (id),
    organiser_id     bigint not null references patrons (id),
    -- Half-open, aligned to 30 minutes (the domain rules decide; the database checks the alignment too).
    during           tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null
                         and extract(epoch from lower(during))::bigint % 1800 = 0 and extract(epoch from upper(during))::bigint % 1800 = 0),
    topic            text not null default '',
    status           text not null default 'pending' check (status in
                         ('pending', 'awaiting_approval', 'confirmed', 'checked_in', 'finished', 'cancelled', 'lapsed', 'rejected', 'released')),
    -- When enough companions must have confirmed (and, for rooms that need it, staff approved), or it lapses.
    confirm_by       timestamptz not null,
    decided_by       text,
    decided_at       timestamptz,
    decision_note    text,
    checked_in_at    timestamptz,
    checked_in_by    bigint references patrons (id),
    ended_at         timestamptz,
    end_reason       text check (end_reason in ('finished', 'cancelled_by_organiser', 'cancelled_by_staff', 'room_blocked',
                         'not_confirmed', 'not_approved', 'rejected', 'no_show')),
    ended_by         text,
    created_at       timestamptz not null default now(),
    constraint room_bookings_live_or_ended check ((status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in')) = (ended_at is null)),
    constraint room_bookings_ended_with_reason check ((ended_at is null) = (end_reason is null)),
    constraint room_bookings_checked_in check (status <> 'checked_in' or checked_in_at is not null),
    -- Two live bookings of one room never overlap, whatever the instances and requests racing for it.
    constraint room_bookings_no_overlap exclude using gist (room_id with =, during with &&)
        where (status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in'))
);
create index room_bookings_by_room on room_bookings (room_id, lower(during));
create index room_bookings_by_organiser on room_bookings (organiser_id, lower(during));
create index room_bookings_checked_in_by on room_bookings (checked_in_by);
-- The scheduler's searches: live bookings past their confirmation deadline, and those awaiting check-in.
create index room_bookings_confirm_due on room_bookings (confirm_by) where status in ('pending', 'awaiting_approval');
create index room_bookings_awaiting_checkin on room_bookings (lower(during)) where status = 'confirmed';
create index room_bookings_live_ending on room_bookings (upper(during)) where status in ('confirmed', 'checked_in');

-- The group: the organiser (confirmed from the start) and each companion named by card number. A member "holds" the
-- room while they are the organiser or have confirmed and the booking is live; a person holds at most one room at a
-- time. `holds` is kept by the statements that change the member or end the booking, in the same transaction.
create table room_booking_members (
    booking_id    bigint not null references room_bookings (id),
    patron_id     bigint not null references patrons (id),
    role          text not null check (role in ('organiser', 'companion')),
    status        text not null default 'invited' check (status in ('invited', 'confirmed', 'declined')),
    responded_at  timestamptz,
    -- The booking's time, copied so that the constraint below can see it.
    during        tstzrange not null,
    holds         boolean not null default false,
    primary key (booking_id, patron_id),
    constraint room_booking_members_organiser_confirmed check (role <> 'organiser' or status = 'confirmed'),
    constraint room_booking_members_holds_confirmed check (not holds or status = 'confirmed'),
    constraint room_booking_members_no_overlap exclude using gist (patron_id with =, during with &&) where (holds)
);
create index room_booking_members_by_patron on room_booking_members (patron_id);

-- The booking rules, one row.
create table room_rules (
    id                      boolean primary key default true check (id),
    -- How many days ahead a room may be booked (today counts as day 0).
    days_ahead              int not null default 3 check (days_ahead between 0 and 30),
    max_minutes             int not null default 120 check (max_minutes between 30 and 720 and max_minutes % 30 = 0),
    -- Minutes one person may hold rooms in a day.
    daily_max_minutes       int not null default 240 check (daily_max_minutes between 30 and 1440 and daily_max_minutes % 30 = 0),
    -- Companions must confirm within this many minutes of the booking (and never later than its start).
    confirm_minutes         int not null default 60 check (confirm_minutes between 5 and 1440),
    checkin_opens_minutes   int not null default 10 check (checkin_opens_minutes between 0 and 120),
    checkin_closes_minutes  int not null default 15 check (checkin_closes_minutes between 1 and 120),
    updated_at              timestamptz not null default now()
);
insert into room_rules default values;

-- A room no-show counts against the organiser under the seat rules (seat_rules: violations in a window suspend booking).
alter table seat_violations alter column booking_id drop not null;
alter table seat_violations add column room_booking_id bigint unique references room_bookings (id);
alter table seat_violations drop constraint seat_violations_kind_check;
alter table seat_violations add constraint seat_violations_kind_check check (kind in ('no_show', 'leave_overrun', 'room_no_show'));
alter table seat_violations add constraint seat_violations_one_booking check (num_nonnulls(booking_id, room_booking_id) = 1);
