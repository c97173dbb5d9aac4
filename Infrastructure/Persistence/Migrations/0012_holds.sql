-- Holds, recalls and pickup. A reader queues for a title whose copies are all out; the queue's order is the order
-- holds were placed: their ids, given under the title's lock (no instance's clock can reorder them). A returned copy goes to the first waiting hold: onto the hold shelf of its
-- pickup branch, or in transit there first. Every change to a title's holds happens under a lock on the title's row.

-- Recall: a recalled loan is due max(recall date + recall_return_days, loaned_on + guaranteed_loan_days), never later
-- than it was (FOLIO's recallReturnInterval and minimumGuaranteedLoanPeriod).
alter table loan_policies
    add column recall_return_days   int not null default 7 check (recall_return_days between 0 and 365),
    add column guaranteed_loan_days int not null default 14 check (guaranteed_loan_days between 0 and 730);

-- How each patron group may hold: how many open holds at once, and how many open days a copy waits on the shelf.
create table hold_policies (
    patron_group     text primary key check (patron_group in
                         ('undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted')),
    max_open_holds   int not null check (max_open_holds between 0 and 100),
    pickup_open_days int not null check (pickup_open_days between 1 and 60),
    updated_at       timestamptz not null default now()
);
insert into hold_policies (patron_group, max_open_holds, pickup_open_days) values
    ('undergraduate', 5, 5), ('graduate', 10, 5), ('faculty', 20, 7), ('staff', 10, 5),
    ('alumni', 2, 5), ('family_member', 2, 5), ('admitted', 0, 5);

-- Holds placed before this schema had no pickup branch: the first branch (a library with holds but no branch on
-- record gets one, which staff rename).
insert into branches (code, name, name_en)
select 'main', '图书馆', 'Library'
where exists (select 1 from holds) and not exists (select 1 from branches);

drop index holds_one_active_per_reader_and_title;
drop index holds_active_by_title;
alter table holds drop constraint holds_status_check;
alter table holds rename column created_at to placed_at;
alter table holds
    add column pickup_branch_id smallint references branches (id),
    add column not_needed_after date,
    add column item_id          bigint references items (id),
    add column ready_at         timestamptz,
    add column pickup_by        date,
    add column ended_at         timestamptz,
    add column ended_by         text,
    add column end_reason       text check (end_reason in
                                    ('fulfilled', 'cancelled_by_reader', 'cancelled_by_staff', 'not_needed', 'pickup_expired'));
update holds set pickup_branch_id = (select min(id) from branches);
update holds set ended_at = placed_at, end_reason = case status when 'fulfilled' then 'fulfilled' when 'cancelled' then 'cancelled_by_staff'
                                                                when 'expired' then 'not_needed' end
where status in ('fulfilled', 'cancelled', 'expired');
-- A ready hold of the old schema named no copy: it waits again, first in its title's queue as it was.
update holds set status = 'waiting' where status = 'ready';
-- Their copies were on the hold shelf for nobody the schema can name: back on the open shelves.
update items set status = 'available' where status = 'on_hold_shelf';
alter table holds
    alter column pickup_branch_id set not null,
    add constraint holds_status_check check (status in ('waiting', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired')),
    -- A waiting hold has no copy; one in transit or ready has its copy (an ended hold keeps the copy it had, if any), and a
    -- ready hold has its shelf date and deadline.
    add constraint holds_item_while_assigned check (case status when 'waiting' then item_id is null
                                                                when 'in_transit' then item_id is not null
                                                                when 'ready' then item_id is not null
                                                                else true end),
    add constraint holds_ready_has_deadline check (status <> 'ready' or (ready_at is not null and pickup_by is not null)),
    add constraint holds_ended_has_reason check ((status in ('fulfilled', 'cancelled', 'expired')) = (end_reason is not null));

create unique index holds_one_active_per_reader_and_title on holds (patron_id, title_id) where status in ('waiting', 'in_transit', 'ready');
-- One hold per copy on its way or on the shelf.
create unique index holds_one_per_item on holds (item_id) where status in ('in_transit', 'ready');
-- A title's queue in order, and whether anyone waits (the renewal check).
create index holds_queue on holds (title_id, id) where status = 'waiting';
create index holds_active_by_title on holds (title_id) where status in ('waiting', 'in_transit', 'ready');
-- The scheduled expiries, and the hold shelf of a branch.
create index holds_ready_by_deadline on holds (pickup_by) where status = 'ready';
create index holds_waiting_by_expiry on holds (not_needed_after) where status = 'waiting' and not_needed_after is not null;
create index holds_by_pickup_branch on holds (pickup_branch_id, pickup_by) where status in ('in_transit', 'ready');
create index holds_by_patron on holds (patron_id, placed_at desc);
create index holds_by_item on holds (item_id) where item_id is not null;

-- A copy in transit is on its way to a branch: for a hold, or home.
alter table items
    add column transit_to    smallint references branches (id),
    add column transit_since timestamptz;
update items set transit_to = branch_id, transit_since = updated_at where status = 'in_transit';
alter table items add constraint items_transit_has_destination check ((status = 'in_transit') = (transit_to is not null));
create index items_in_transit on items (transit_to) where status = 'in_transit';
