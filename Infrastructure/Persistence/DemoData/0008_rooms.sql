-- Room booking in the demo: rooms of every kind in both buildings — study rooms for one or two, discussion rooms,
-- media rooms and seminar rooms; the east branch's seminar room needs staff approval, and the main library's is for
-- faculty only and needs approval too. Two group bookings on the next day the main library is open from 14:00 to 16:00:
-- 陈晓's in discussion room M-301 (three at least), with 林静 confirmed and 周宁 still to confirm, and 刘建国's with
-- Wang Wu in the faculty seminar room, awaiting approval. Each has the booking rules' deadline, an hour after the seed,
-- after which the schedule lets it lapse; a reseed books it again when its organiser no longer has a live booking.
-- No notice is queued by the seed.

insert into rooms (branch_id, code, name, name_en, floor, kind, capacity, min_group, has_screen, has_whiteboard, has_video,
                   needs_approval, patron_groups)
select b.id, r.code, r.name, r.name_en, r.floor, r.kind, r.capacity, r.min_group, r.screen, r.whiteboard, r.video, r.approval, r.groups
from (values
    ('main', 'M-Q201', '二楼单人研修间201', 'Study Room 201', '2F', 'study', 1, 1, false, false, false, false, null::text[]),
    ('main', 'M-Q202', '二楼双人研修间202', 'Study Room 202 (two)', '2F', 'study', 2, 1, false, true, false, false, null),
    ('main', 'M-301', '三楼小组研讨室301', 'Discussion Room 301', '3F', 'discussion', 6, 3, true, true, false, false, null),
    ('main', 'M-302', '三楼小组研讨室302', 'Discussion Room 302', '3F', 'discussion', 4, 2, false, true, false, false, null),
    ('main', 'M-M401', '四楼多媒体室401', 'Media Room 401', '4F', 'media', 8, 2, true, false, true, false, null),
    ('main', 'M-S501', '五楼教师研讨厅501', 'Faculty Seminar Room 501', '5F', 'seminar', 20, 2, true, true, true, true, array['faculty']),
    ('east', 'E-Q101', '一楼研修间101', 'Study Room 101', '1F', 'study', 2, 1, false, false, false, false, null),
    ('east', 'E-201', '二楼研讨室201', 'Discussion Room 201', '2F', 'discussion', 6, 3, true, true, false, false, null),
    ('east', 'E-M202', '二楼多媒体室202', 'Media Room 202', '2F', 'media', 6, 2, true, false, true, false, null),
    ('east', 'E-S301', '三楼学术研讨厅301', 'Seminar Room 301', '3F', 'seminar', 16, 4, true, true, true, true, null)
) as r (branch, code, name, name_en, floor, kind, capacity, min_group, screen, whiteboard, video, approval, groups)
join branches b on b.code = r.branch
on conflict (code) do nothing;

-- Each group: the organiser (confirmed, holding the room) and the companions, as booking leaves them, on the next day,
-- from tomorrow, on which the main library is open from 14:00 to 16:00 (its calendar first, then its week).
with slot as (
    select tstzrange((d.day + time '14:00') at time zone 'Asia/Shanghai', (d.day + time '16:00') at time zone 'Asia/Shanghai', '[)') as during
    from branches b
    cross join lateral (select (now() at time zone 'Asia/Shanghai')::date + n as day from generate_series(1, 30) n) d
    left join branch_calendar_dates c on c.branch_id = b.id and c.date = d.day
    left join branch_opening_hours h on h.branch_id = b.id and h.weekday = extract(dow from d.day)
    where b.code = 'main'
      and coalesce(c.opens_at, case when c.date is null then h.opens_at end) <= time '14:00'
      and coalesce(c.closes_at, case when c.date is null then h.closes_at end) >= time '16:00'
    order by d.day
    limit 1
),
wanted (room, organiser, status, companions, statuses) as (values
    ('M-301', '20250101', 'pending', array['20250102', '20230104'], array['confirmed', 'invited']),
    ('M-S501', 'T2008105', 'awaiting_approval', array['T1990003'], array['confirmed'])
),
booking as (
    insert into room_bookings (room_id, organiser_id, during, status, topic, confirm_by)
    select r.id, p.id, s.during, w.status, case w.room when 'M-301' then '数据结构课程小组讨论' else '学科评估研讨' end,
           least(now() + make_interval(mins => (select confirm_minutes from room_rules)), lower(s.during))
    from wanted w
    join rooms r on r.code = w.room
    join patrons p on p.card_number = w.organiser
    cross join slot s
    where not exists (select 1 from room_bookings b where b.organiser_id = p.id and b.status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in'))
      and not exists (select 1 from room_bookings b where b.room_id = r.id and b.during && s.during
                      and b.status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in'))
      and not exists (select 1 from room_booking_members m join patrons q on q.id = m.patron_id
                      where m.holds and m.during && s.during and q.card_number = any(array_prepend(w.organiser, w.companions)))
    returning id, organiser_id, room_id, during, created_at
)
insert into room_booking_members (booking_id, patron_id, role, status, responded_at, during, holds)
select b.id, b.organiser_id, 'organiser', 'confirmed', b.created_at, b.during, true from booking b
union all
select b.id, p.id, 'companion', c.status, case when c.status = 'confirmed' then b.created_at end, b.during, c.status = 'confirmed'
from booking b
join rooms r on r.id = b.room_id
join wanted w on w.room = r.code
cross join lateral unnest(w.companions, w.statuses) as c (card, status)
join patrons p on p.card_number = c.card;
