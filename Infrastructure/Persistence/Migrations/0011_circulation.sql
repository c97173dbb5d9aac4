-- Circulation: the catalogue and its items, dated calendar entries, loan policies, holds and recalls as renewals need
-- them, and every renewal on record. Completes the placeholder catalogue and loans of 0008.

-- Titles: upserted by ISBN from the library's catalogue; a title without an ISBN (old or local material) has none.
alter table titles
    add column clc_class  text not null default '',
    add column subjects   text[] not null default '{}',
    add column language   text not null default 'chi',
    add column created_at timestamptz not null default now(),
    add column updated_at timestamptz not null default now();
create unique index titles_isbn_key on titles (isbn) where isbn <> '';

-- Item types as the ILS names them; loan policies are set per patron group × item type.
create table item_types (
    code     text primary key check (code ~ '^[a-z0-9_-]{2,32}$'),
    name     text not null check (name <> ''),
    name_en  text not null check (name_en <> '')
);
insert into item_types (code, name, name_en) values
    ('book', '普通图书', 'Book'),
    ('reference', '工具书', 'Reference'),
    ('reserve', '教参书', 'Course reserve'),
    ('periodical', '过刊', 'Bound periodical'),
    ('media', '光盘与音像', 'Media');

create table items (
    id           bigint generated always as identity primary key,
    barcode      text not null unique check (barcode ~ '^[0-9A-Z-]{4,32}$'),  -- kept in capitals
    title_id     bigint not null references titles (id),
    branch_id    smallint not null references branches (id),
    location     text not null default '',
    call_number  text not null default '',
    item_type    text not null references item_types (code),
    status       text not null default 'available'
                     check (status in ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'lost', 'withdrawn')),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index items_by_title on items (title_id);

-- The placeholder loans named their item by barcode: each becomes an item of the first branch (a library with loans
-- but no branch on record gets one to hold them, which staff rename).
insert into branches (code, name, name_en)
select 'main', '图书馆', 'Library'
where exists (select 1 from loans) and not exists (select 1 from branches);

insert into items (barcode, title_id, branch_id, item_type, status)
select distinct on (upper(l.barcode)) upper(l.barcode), l.title_id, (select min(id) from branches), 'book',
       case when exists (select 1 from loans o where upper(o.barcode) = upper(l.barcode) and o.returned_at is null)
            then 'on_loan' else 'available' end
from loans l
order by upper(l.barcode), l.id desc;

alter table loans add column item_id bigint references items (id);
update loans l set item_id = i.id from items i where i.barcode = upper(l.barcode);
alter table loans
    alter column item_id set not null,
    drop column barcode,
    drop column title_id,
    add column checked_out_at timestamptz not null default now(),
    add column checked_out_by text not null default 'system',
    add column recalled_at    timestamptz,
    add column returned_by    text;
alter table loans rename column renewals to renewal_count;

-- One open loan per item, whatever races between desks and instances.
create unique index loans_one_open_per_item on loans (item_id) where returned_at is null;
-- Open loans by due date, for the daily reminder and overdue scans.
create index loans_open_by_due on loans (due_on) where returned_at is null;
-- A reader's history, newest first.
create index loans_by_patron on loans (patron_id, checked_out_at desc);

-- Dated departures from a branch's weekly hours: holidays and closures (no hours) or special hours, with a reason.
create table branch_calendar_dates (
    branch_id  smallint not null references branches (id) on delete cascade,
    date       date not null,
    reason     text not null check (reason <> ''),
    opens_at   time,
    closes_at  time,
    primary key (branch_id, date),
    check ((opens_at is null) = (closes_at is null)),
    check (opens_at is null or opens_at < closes_at)
);

-- How each patron group borrows each item type. A pair without a row cannot be checked out or renewed.
create table loan_policies (
    patron_group              text not null check (patron_group in
                                  ('undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted')),
    item_type                 text not null references item_types (code),
    loan_period_days          int not null check (loan_period_days between 1 and 730),
    renewal_period_days       int not null check (renewal_period_days between 1 and 730),
    max_renewals              int not null check (max_renewals between 0 and 99),
    renewable_days_before_due int check (renewable_days_before_due between 0 and 730),
    overdue_renewable         boolean not null default false,
    max_open_loans            int not null check (max_open_loans between 0 and 1000),
    renewable                 boolean not null default true,
    renew_from                text not null default 'today' check (renew_from in ('today', 'due_date')),
    updated_at                timestamptz not null default now(),
    primary key (patron_group, item_type)
);

-- Readers waiting for a title. Renewals need only whether someone else waits; holds complete the rest.
create table holds (
    id           bigint generated always as identity primary key,
    patron_id    bigint not null references patrons (id) on delete cascade,
    title_id     bigint not null references titles (id),
    status       text not null default 'waiting' check (status in ('waiting', 'ready', 'fulfilled', 'cancelled', 'expired')),
    created_at   timestamptz not null default now()
);
create unique index holds_one_active_per_reader_and_title on holds (patron_id, title_id) where status in ('waiting', 'ready');
create index holds_active_by_title on holds (title_id) where status in ('waiting', 'ready');

-- Every renewal: who, when, through which channel, the due dates before and after, and any staff override.
create table renewals (
    id               bigint generated always as identity primary key,
    loan_id          bigint not null references loans (id),
    renewed_at       timestamptz not null default now(),
    actor            text not null,
    channel          text not null check (channel in ('menu', 'chat', 'h5', 'staff')),
    old_due_on       date not null,
    new_due_on       date not null check (new_due_on > old_due_on),
    overridden       text[] not null default '{}',
    override_comment text,
    check ((cardinality(overridden) = 0) = (override_comment is null))
);
create index renewals_by_loan on renewals (loan_id, renewed_at);
