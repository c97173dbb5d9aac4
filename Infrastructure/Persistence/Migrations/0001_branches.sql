-- Library buildings and their weekly opening hours, in the library's local time.
create table branches (
    id          smallint generated always as identity primary key,
    code        text not null unique check (code ~ '^[a-z0-9-]{2,32}$'),
    name        text not null check (name <> ''),
    name_en     text not null check (name_en <> ''),
    address     text not null default '',
    created_at  timestamptz not null default now()
);

create table branch_opening_hours (
    branch_id   smallint not null references branches (id) on delete cascade,
    -- 0 = Sunday … 6 = Saturday, as PostgreSQL's extract(dow) and .NET's DayOfWeek.
    weekday     smallint not null check (weekday between 0 and 6),
    opens_at    time not null,
    closes_at   time not null,
    primary key (branch_id, weekday),
    check (opens_at < closes_at)
);
