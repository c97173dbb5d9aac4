-- Holds in the demo: 人世间 (one copy, lent to 陈晓 and recalled for 刘建国, with 王磊 and 林静 queuing behind him),
-- 三体Ⅱ·黑暗森林 (one copy, on the main library's hold shelf for 林静 for three open days, 陈晓 and 周宁 next) and
-- 文化苦旅 (one copy, returned at the main library and in transit to the east branch for 王磊). Dates count from the
-- day the seed runs; a reseed adds the scripted holds a reader no longer has and puts the scripted copies back where
-- the script has them if they are free or still there, and changes nothing else. No notice is queued by the seed.

drop table if exists pg_temp.demo_hold_plan;
create temp table demo_hold_plan as
with script (title, card_number, pickup, status, minutes_ago) as (values
    ('人世间', 'T2008105', 'main', 'waiting', 2880),
    ('人世间', '20240103', 'east', 'waiting', 1440),
    ('人世间', '20250102', 'main', 'waiting', 300),
    ('三体Ⅱ·黑暗森林', '20250102', 'main', 'ready', 4320),
    ('三体Ⅱ·黑暗森林', '20250101', 'main', 'waiting', 2000),
    ('三体Ⅱ·黑暗森林', '20230104', 'main', 'waiting', 1000),
    ('文化苦旅', '20240103', 'east', 'in_transit', 3000)
)
select s.status, p.id as patron_id, t.id as title_id, b.id as pickup_branch_id, now() - make_interval(mins => s.minutes_ago) as placed_at
from script s
join patrons p on p.card_number = s.card_number
join titles t on t.title = s.title
join branches b on b.code = s.pickup;

-- 人世间: 陈晓 borrowed it 20 days ago, due in 10; recalled two days ago, it is due max(recall + 7, checkout + 14)
-- days (today + 5), moved on to the next open day but never past its old due date (today + 10).
drop table if exists pg_temp.demo_recall_plan;
create temp table demo_recall_plan as
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
select p.id as patron_id, i.id as item_id, today.d - 20 as loaned_on,
       coalesce((select min(g::date) from generate_series(today.d + 5, today.d + 10, interval '1 day') g
                 where coalesce((select c.opens_at is not null from branch_calendar_dates c where c.branch_id = i.branch_id and c.date = g::date),
                                exists (select 1 from branch_opening_hours h where h.branch_id = i.branch_id and h.weekday = extract(dow from g)))),
                today.d + 10) as due_on
from today
join patrons p on p.card_number = '20250101'
join titles t on t.title = '人世间'
join items i on i.title_id = t.id and i.barcode = '10000271'
where not exists (select 1 from loans l where l.item_id = i.id and l.returned_at is null and l.patron_id <> p.id)
  and (i.status = 'available' or exists (select 1 from loans l where l.item_id = i.id and l.returned_at is null and l.patron_id = p.id));

update loans l
set loaned_on = r.loaned_on, due_on = r.due_on, recalled_at = coalesce(l.recalled_at, now() - interval '2 days'),
    checked_out_at = (r.loaned_on + time '10:00') at time zone 'Asia/Shanghai'
from demo_recall_plan r
where l.item_id = r.item_id and l.patron_id = r.patron_id and l.returned_at is null
  and (l.loaned_on, l.due_on, l.recalled_at is not null) is distinct from (r.loaned_on, r.due_on, true);

insert into loans (patron_id, item_id, loaned_on, due_on, renewal_count, recalled_at, checked_out_at, checked_out_by)
select r.patron_id, r.item_id, r.loaned_on, r.due_on, 0, now() - interval '2 days',
       (r.loaned_on + time '10:00') at time zone 'Asia/Shanghai', 'system'
from demo_recall_plan r
where not exists (select 1 from loans l where l.item_id = r.item_id and l.returned_at is null);

update items i set status = 'on_loan', updated_at = now()
from demo_recall_plan r
where i.id = r.item_id and i.status <> 'on_loan';

-- The scripted holds a reader has not got open (one an earlier seed added stays where the demo took it).
insert into holds (patron_id, title_id, pickup_branch_id, placed_at)
select p.patron_id, p.title_id, p.pickup_branch_id, p.placed_at
from demo_hold_plan p
where not exists (select 1 from holds h where h.patron_id = p.patron_id and h.title_id = p.title_id and h.status in ('waiting', 'in_transit', 'ready'))
-- The queue is in the order of the holds' ids: insert them in the order they were placed.
order by p.placed_at;

-- The copy of each scripted ready or in-transit hold: the title's main-library copy, when it is free or already the hold's.
drop table if exists pg_temp.demo_hold_copy;
create temp table demo_hold_copy as
with today as (select (now() at time zone 'Asia/Shanghai')::date as d)
select h.id as hold_id, p.status, i.id as item_id, p.pickup_branch_id,
       -- The third open day of the pickup branch after today.
       coalesce((select g::date from generate_series(today.d + 1, today.d + 60, interval '1 day') g
                 where coalesce((select c.opens_at is not null from branch_calendar_dates c where c.branch_id = p.pickup_branch_id and c.date = g::date),
                                exists (select 1 from branch_opening_hours o where o.branch_id = p.pickup_branch_id and o.weekday = extract(dow from g)))
                 order by g offset 2 limit 1),
                today.d + 3) as pickup_by
from demo_hold_plan p
cross join today
join holds h on h.patron_id = p.patron_id and h.title_id = p.title_id and h.status in ('waiting', 'in_transit', 'ready')
join lateral (
    select i.id from items i join branches b on b.id = i.branch_id and b.code = 'main'
    where i.title_id = p.title_id and i.item_type = 'book'
      and not exists (select 1 from loans l where l.item_id = i.id and l.returned_at is null)
      and not exists (select 1 from holds x where x.item_id = i.id and x.status in ('in_transit', 'ready') and x.id <> h.id)
      and (i.status = 'available' or h.item_id = i.id)
    order by i.barcode limit 1) i on true
where p.status in ('ready', 'in_transit');

update items i
set status = case c.status when 'ready' then 'on_hold_shelf' else 'in_transit' end,
    transit_to = case when c.status = 'in_transit' then c.pickup_branch_id end,
    transit_since = case when c.status = 'in_transit' then coalesce(i.transit_since, now() - interval '3 hours') end,
    updated_at = now()
from demo_hold_copy c
where i.id = c.item_id
  and (i.status, i.transit_to) is distinct from
      (case c.status when 'ready' then 'on_hold_shelf' else 'in_transit' end, case when c.status = 'in_transit' then c.pickup_branch_id end);

update holds h
set status = c.status, item_id = c.item_id,
    ready_at = case when c.status = 'ready' then coalesce(h.ready_at, now() - interval '1 day') end,
    pickup_by = case when c.status = 'ready' then c.pickup_by end
from demo_hold_copy c
where h.id = c.hold_id
  and (h.status, h.item_id, h.pickup_by) is distinct from (c.status, c.item_id, case when c.status = 'ready' then c.pickup_by end);

drop table demo_hold_copy;
drop table demo_recall_plan;
drop table demo_hold_plan;
