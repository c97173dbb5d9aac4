-- Two buildings: the main library, open 07:00–23:00 every day, and the east-campus branch.
insert into branches (code, name, name_en, address) values
    ('main', '图书馆总馆', 'Main Library', '中心校区图书馆路 1 号'),
    ('east', '东区分馆', 'East Campus Library', '东校区学苑路 8 号')
on conflict (code) do update set name = excluded.name, name_en = excluded.name_en, address = excluded.address;

insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
select b.id, d.weekday, h.opens_at, h.closes_at
from branches b
join (values ('main', time '07:00', time '23:00'), ('east', time '08:00', time '22:00')) as h (code, opens_at, closes_at)
    on h.code = b.code
cross join generate_series(0, 6) as d (weekday)
on conflict (branch_id, weekday) do update set opens_at = excluded.opens_at, closes_at = excluded.closes_at;
