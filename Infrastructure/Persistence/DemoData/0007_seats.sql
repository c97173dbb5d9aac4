-- Seat booking in the demo: three zones in the main library (3F quiet study, 2F computers with desk power, 4F reading
-- with a lamp per seat) and two in the east branch, 24–48 seats each with attributes and places on the floor view.
-- 陈晓 (oDemo20250101) has a booking of seat M3Q-005 starting ten minutes after the seed, to try check-in by scan;
-- 王磊 (oDemo20240103) is suspended from seat booking for seven days after three no-shows. A reseed adds the booking
-- or the suspension only when the reader no longer has one, and changes nothing else. No notice is queued by the seed.

insert into seat_zones (branch_id, code, name, name_en, floor, kind, min_minutes, max_minutes, default_minutes, daily_max_minutes)
select b.id, z.code, z.name, z.name_en, z.floor, z.kind, z.min_minutes, z.max_minutes, z.default_minutes, z.daily_max_minutes
from (values
    ('main', '3f-quiet', '三楼静音自习区', 'Quiet Study, 3F', '3F', 'quiet', 30, 240, 240, 480),
    ('main', '2f-computers', '二楼电脑区', 'Computers, 2F', '2F', 'computers', 30, 180, 120, 360),
    ('main', '4f-reading', '四楼台灯阅览区', 'Reading Lamps, 4F', '4F', 'reading', 30, 240, 240, 480),
    ('east', '1f-quiet', '一楼自习区', 'Study Hall, 1F', '1F', 'quiet', 30, 240, 240, 480),
    ('east', '2f-reading', '二楼阅览区', 'Reading Room, 2F', '2F', 'reading', 30, 240, 180, 480)
) as z (branch, code, name, name_en, floor, kind, min_minutes, max_minutes, default_minutes, daily_max_minutes)
join branches b on b.code = z.branch
on conflict (branch_id, code) do nothing;

-- Seats in rows of eight; codes carry the zone (M3Q-001 …), as printed in each seat's QR code.
insert into seats (zone_id, code, has_power, has_lamp, by_window, map_row, map_column)
select z.id, s.prefix || '-' || lpad(n::text, 3, '0'),
       case s.kind when 'computers' then true else n % 4 = 0 end,
       case s.kind when 'reading' then true else false end,
       (n - 1) % 8 in (0, 7),
       (n - 1) / 8 + 1, (n - 1) % 8 + 1
from (values
    ('main', '3f-quiet', 'M3Q', 'quiet', 48),
    ('main', '2f-computers', 'M2C', 'computers', 32),
    ('main', '4f-reading', 'M4R', 'reading', 40),
    ('east', '1f-quiet', 'E1Q', 'quiet', 32),
    ('east', '2f-reading', 'E2R', 'reading', 24)
) as s (branch, zone, prefix, kind, seats)
join branches b on b.code = s.branch
join seat_zones z on z.branch_id = b.id and z.code = s.zone
cross join lateral generate_series(1, s.seats) n
on conflict (code) do nothing;

-- 陈晓's booking: from ten minutes after the seed, for two hours; check-in opens at once.
insert into seat_bookings (seat_id, patron_id, during)
select s.id, p.id, tstzrange(date_trunc('minute', now()) + interval '10 minutes', date_trunc('minute', now()) + interval '130 minutes', '[)')
from seats s, patrons p
where s.code = 'M3Q-005' and p.card_number = '20250101'
  and not exists (select 1 from seat_bookings b where b.patron_id = p.id and b.status in ('booked', 'checked_in', 'on_leave'))
  and not exists (select 1 from seat_bookings b where b.seat_id = s.id and b.status in ('booked', 'checked_in', 'on_leave')
                  and b.during && tstzrange(date_trunc('minute', now()) + interval '10 minutes', date_trunc('minute', now()) + interval '130 minutes', '[)'));

-- 王磊: suspended since yesterday for seven days.
insert into seat_suspensions (patron_id, starts_at, ends_at, reason)
select p.id, date_trunc('minute', now()) - interval '1 day', date_trunc('minute', now()) + interval '6 days', '30天内3次预约未签到'
from patrons p
where p.card_number = '20240103'
  and not exists (select 1 from seat_suspensions s where s.patron_id = p.id and s.lifted_at is null and s.ends_at > now());
