-- Seat booking. Zones per branch and floor, each with its own rules; seats with a code (printed in the QR code on the
-- seat) and attributes. The database itself keeps a seat from two overlapping live bookings (an exclusion constraint)
-- and a reader to one live booking; a booking's life (check-in, temporary leave, release) and every violation are kept.
create extension if not exists btree_gist;

create table seat_zones (
    id                     bigint generated always as identity primary key,
    branch_id              smallint not null references branches (id),
    code                   text not null check (code ~ '^[a-z0-9-]{1,32}$'),
    name                   text not null check (name <> ''),
    name_en                text not null check (name_en <> ''),
    floor                  text not null check (floor <> ''),
    kind                   text not null check (kind in ('quiet', 'computers', 'reading')),
    enabled                boolean not null default true,
    -- Rules. Booking for a day opens at booking_opens_at, on the day itself or (opens_day_before) the evening before.
    booking_opens_at       time not null default '07:00',
    opens_day_before       boolean not null default false,
    min_minutes            int not null default 30 check (min_minutes between 15 and 960),
    max_minutes            int not null default 240 check (max_minutes between 15 and 960),
    daily_max_minutes      int not null default 480 check (daily_max_minutes between 15 and 1440),
    default_minutes        int not null default 240 check (default_minutes between 15 and 960),
    -- Check-in from checkin_opens_minutes before the start until checkin_closes_minutes after it.
    checkin_opens_minutes  int not null default 15 check (checkin_opens_minutes between 0 and 120),
    checkin_closes_minutes int not null default 30 check (checkin_closes_minutes between 5 and 120),
    leave_minutes          int not null default 30 check (leave_minutes between 5 and 240),
    meal_leave_minutes     int not null default 60 check (meal_leave_minutes between 5 and 240),
    created_at             timestamptz not null default now(),
    unique (branch_id, code),
    check (min_minutes <= max_minutes and default_minutes between min_minutes and max_minutes)
);

create table seats (
    id          bigint generated always as identity primary key,
    zone_id     bigint not null references seat_zones (id),
    -- What the QR code on the seat carries, unique across the library: a scan names the seat without its zone.
    code        text not null unique check (code ~ '^[A-Za-z0-9-]{1,32}$'),
    has_power   boolean not null default false,
    has_lamp    boolean not null default false,
    by_window   boolean not null default false,
    enabled     boolean not null default true,
    -- Where the seat is on the floor view, in the zone's grid.
    map_row     int,
    map_column  int,
    created_at  timestamptz not null default now()
);
create index seats_zone on seats (zone_id);

-- A zone closed for a period (exam, maintenance): no booking overlaps it; live bookings it meets were cancelled with a
-- notice when it was closed.
create table seat_zone_closures (
    id          bigint generated always as identity primary key,
    zone_id     bigint not null references seat_zones (id),
    during      tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null),
    reason      text not null check (reason <> ''),
    closed_by   text not null,
    created_at  timestamptz not null default now()
);
create index seat_zone_closures_zone on seat_zone_closures using gist (zone_id, during);

-- A booking is live while booked, checked in or on temporary leave; it ends finished (left or its time ran out),
-- cancelled (by the reader, staff or a zone closure) or released (no check-in, leave overrun, staff).
create table seat_bookings (
    id               bigint generated always as identity primary key,
    seat_id          bigint not null references seats (id),
    patron_id        bigint not null references patrons (id),
    during           tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null),
    status           text not null default 'booked'
                         check (status in ('booked', 'checked_in', 'on_leave', 'finished', 'cancelled', 'released')),
    checked_in_at    timestamptz,
    leave_started_at timestamptz,
    leave_until      timestamptz,
    ended_at         timestamptz,
    end_reason       text check (end_reason in
                         ('left', 'time_up', 'cancelled_by_reader', 'cancelled_by_staff', 'zone_closed',
                          'no_show', 'leave_overrun', 'released_by_staff')),
    ended_by         text,
    created_at       timestamptz not null default now(),
    constraint seat_bookings_live_or_ended check ((status in ('booked', 'checked_in', 'on_leave')) = (ended_at is null)),
    constraint seat_bookings_ended_with_reason check ((ended_at is null) = (end_reason is null)),
    constraint seat_bookings_checked_in check (status not in ('checked_in', 'on_leave') or checked_in_at is not null),
    constraint seat_bookings_on_leave check ((status = 'on_leave') = (leave_until is not null)),
    -- Two live bookings of one seat never overlap, whatever the instances and requests racing for it.
    constraint seat_bookings_no_overlap exclude using gist (seat_id with =, during with &&)
        where (status in ('booked', 'checked_in', 'on_leave'))
);
-- One live seat booking per reader.
create unique index seat_bookings_one_live_per_reader on seat_bookings (patron_id)
    where status in ('booked', 'checked_in', 'on_leave');
create index seat_bookings_by_patron on seat_bookings (patron_id, lower(during));
create index seat_bookings_by_seat on seat_bookings (seat_id, lower(during));
-- The release job's two searches: bookings not checked in, and leaves running out.
create index seat_bookings_awaiting_checkin on seat_bookings (lower(during)) where status = 'booked';
create index seat_bookings_leave_ending on seat_bookings (leave_until) where status = 'on_leave';

-- A violation (违约) per booking at most: a release run twice, or by two instances, records it once.
create table seat_violations (
    id           bigint generated always as identity primary key,
    patron_id    bigint not null references patrons (id),
    booking_id   bigint not null unique references seat_bookings (id),
    kind         text not null check (kind in ('no_show', 'leave_overrun')),
    occurred_at  timestamptz not null,
    created_at   timestamptz not null default now()
);
create index seat_violations_by_patron on seat_violations (patron_id, occurred_at);

-- Booking suspended after too many violations: until when, and why.
create table seat_suspensions (
    id          bigint generated always as identity primary key,
    patron_id   bigint not null references patrons (id),
    starts_at   timestamptz not null,
    ends_at     timestamptz not null check (ends_at > starts_at),
    reason      text not null,
    -- The violation that tipped it: one suspension per tipping violation, however often the rule is applied.
    violation_id bigint unique references seat_violations (id),
    lifted_at   timestamptz,
    lifted_by   text,
    created_at  timestamptz not null default now()
);
create index seat_suspensions_by_patron on seat_suspensions (patron_id, ends_at);

-- The fairness rules, one row: violations in how many days suspend booking for how long; cancellations a day.
create table seat_rules (
    id                      boolean primary key default true check (id),
    violations_to_suspend   int not null default 3 check (violations_to_suspend between 1 and 100),
    violation_window_days   int not null default 30 check (violation_window_days between 1 and 365),
    suspension_days         int not null default 7 check (suspension_days between 1 and 365),
    daily_cancellations     int not null default 3 check (daily_cancellations between 0 and 100),
    updated_at              timestamptz not null default now()
);
insert into seat_rules default values;
