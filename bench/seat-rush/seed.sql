-- The seat rush benchmark's library, loaded once into an empty, migrated database by bench/SeatRush: two branches
-- shaped like the demo's (main: 3F quiet study, 2F computers with desk power, 4F reading with a lamp per seat; east:
-- 1F quiet study, 2F reading), 2,000 seats over their five zones, and 10,000 readers bound to WeChat
-- ('oSeatReader' || lpad(i::text, 10, '0')). Zones open for booking at 00:00 and are switched off until the run opens
-- them; the branches are open all day, so that a run at any hour books "now" within opening hours.
insert into branches (code, name, name_en) values ('main', '图书馆总馆', 'Main Library'), ('east', '东区分馆', 'East Branch');
insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
select b.id, d, time '00:00', time '23:59:59' from branches b cross join generate_series(0, 6) as d;

insert into seat_zones (branch_id, code, name, name_en, floor, kind, enabled, booking_opens_at, min_minutes, max_minutes,
                        default_minutes, daily_max_minutes)
select b.id, z.code, z.name, z.name_en, z.floor, z.kind, false, time '00:00', 30, z.max_minutes, z.default_minutes, 480
from (values
    ('main', '3f-quiet', '三楼静音自习区', 'Quiet Study, 3F', '3F', 'quiet', 240, 240),
    ('main', '2f-computers', '二楼电脑区', 'Computers, 2F', '2F', 'computers', 180, 120),
    ('main', '4f-reading', '四楼台灯阅览区', 'Reading Lamps, 4F', '4F', 'reading', 240, 240),
    ('east', '1f-quiet', '一楼自习区', 'Study Hall, 1F', '1F', 'quiet', 240, 240),
    ('east', '2f-reading', '二楼阅览区', 'Reading Room, 2F', '2F', 'reading', 240, 180)
) as z (branch, code, name, name_en, floor, kind, max_minutes, default_minutes)
join branches b on b.code = z.branch;

-- Seats in rows of ten, codes carrying the zone (M3Q-0001 …) as the demo's do: 600 + 400 + 400 + 360 + 240 = 2,000.
insert into seats (zone_id, code, has_power, has_lamp, by_window, map_row, map_column)
select z.id, s.prefix || '-' || lpad(n::text, 4, '0'),
       case s.kind when 'computers' then true else n % 4 = 0 end,
       s.kind = 'reading',
       (n - 1) % 10 in (0, 9),
       (n - 1) / 10 + 1, (n - 1) % 10 + 1
from (values
    ('main', '3f-quiet', 'M3Q', 'quiet', 600),
    ('main', '2f-computers', 'M2C', 'computers', 400),
    ('main', '4f-reading', 'M4R', 'reading', 400),
    ('east', '1f-quiet', 'E1Q', 'quiet', 360),
    ('east', '2f-reading', 'E2R', 'reading', 240)
) as s (branch, zone, prefix, kind, seats)
join branches b on b.code = s.branch
join seat_zones z on z.branch_id = b.id and z.code = s.zone
cross join lateral generate_series(1, s.seats) n;

insert into patrons (card_number, name, patron_group, college, campus, expires_on)
select 'S' || lpad(i::text, 9, '0'), '读者' || i,
       (array['undergraduate', 'undergraduate', 'undergraduate', 'graduate'])[1 + i % 4], '计算机学院', '中心校区', date '2030-07-01'
from generate_series(1, 10000) as i;

insert into wechat_bindings (patron_id, openid, bound_via)
select p.id, 'oSeatReader' || lpad(i::text, 10, '0'), 'import'
from generate_series(1, 10000) as i
join patrons p on p.card_number = 'S' || lpad(i::text, 9, '0');

insert into followers (openid, subscribed_at)
select 'oSeatReader' || lpad(i::text, 10, '0'), now() from generate_series(1, 10000) as i;

-- The floor's table: a booking's columns, with the same kind of keys, written by one plain insert per transaction.
create table bench_floor_bookings (
    id         bigint generated always as identity primary key,
    seat_id    bigint not null,
    patron_id  bigint not null,
    during     tstzrange not null,
    created_at timestamptz not null default now()
);
