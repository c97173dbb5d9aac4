-- The overdue follow-up desk: three demo readers with a book overdue by 1, 8 and 20 days, and the contacts the desk
-- (流通部, staff "circ") has made about two of them: 李四 was never called; 张三 did not answer and is due a call today;
-- 林静 (bound to WeChat) promised to return 呐喊, with a call planned in two days. Dates count from the day the seed runs,
-- in the library's time zone; a reseed puts the loans and contacts back as scripted and adds nothing.

drop table if exists pg_temp.demo_overdue_plan;
create temp table demo_overdue_plan as
with today as (select (now() at time zone 'Asia/Shanghai')::date as d),
script (card_number, title, barcode, days_overdue) as (values
    ('20220002', '骆驼祥子', '10000351', 1),
    ('20230001', '边城', '10000391', 8),
    ('20250102', '呐喊', '20000411', 20)
)
select p.id as patron_id, i.id as item_id, today.d - s.days_overdue - 30 as loaned_on, today.d - s.days_overdue as due_on
from script s
cross join today
join patrons p on p.card_number = s.card_number
join items i on i.barcode = s.barcode
join titles t on t.id = i.title_id and t.title = s.title;

update loans l
set loaned_on = p.loaned_on, due_on = p.due_on, renewal_count = 0,
    checked_out_at = (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai'
from demo_overdue_plan p
where l.item_id = p.item_id and l.patron_id = p.patron_id and l.returned_at is null
  and (l.loaned_on, l.due_on, l.renewal_count, l.checked_out_at)
      is distinct from (p.loaned_on, p.due_on, 0, (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai');

insert into loans (patron_id, item_id, loaned_on, due_on, checked_out_at, checked_out_by)
select p.patron_id, p.item_id, p.loaned_on, p.due_on, (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai', 'system'
from demo_overdue_plan p
where not exists (select 1 from loans l where l.item_id = p.item_id and l.returned_at is null);

update items i set status = 'on_loan', updated_at = now()
from demo_overdue_plan p
where i.id = p.item_id and i.status <> 'on_loan'
  and exists (select 1 from loans l where l.item_id = i.id and l.patron_id = p.patron_id and l.returned_at is null);

-- Each contact is known by its loan and note: a reseed moves its dates back to the script, never adds a second.
drop table if exists pg_temp.demo_contact_plan;
create temp table demo_contact_plan as
with today as (select (now() at time zone 'Asia/Shanghai')::date as d),
script (barcode, days_ago, at_time, channel, outcome, note, follow_up_in_days) as (values
    ('10000391', 2, time '10:30', 'phone', 'no_answer', '电话无人接听，两天后再打。', 2),
    ('20000411', 12, time '15:10', 'wechat', 'message_left', '已通过公众号客服消息提醒归还《呐喊》。', 7),
    ('20000411', 5, time '09:45', 'phone', 'promised_return', '读者在外地实习，答应返校后一周内归还。', 7)
)
select l.id as loan_id, s.staff_id, ((today.d - c.days_ago) + c.at_time) at time zone 'Asia/Shanghai' as contacted_at,
       c.channel, c.outcome, c.note, today.d - c.days_ago + c.follow_up_in_days as next_follow_up_on
from script c
cross join today
cross join (select id as staff_id from staff_accounts where username = 'circ') s
join items i on i.barcode = c.barcode
join loans l on l.item_id = i.id and l.returned_at is null
join demo_overdue_plan p on p.item_id = i.id and p.patron_id = l.patron_id;

update overdue_contacts o
set contacted_at = c.contacted_at, next_follow_up_on = c.next_follow_up_on
from demo_contact_plan c
where o.loan_id = c.loan_id and o.note = c.note
  and (o.contacted_at, o.next_follow_up_on) is distinct from (c.contacted_at, c.next_follow_up_on);

insert into overdue_contacts (loan_id, staff_id, contacted_at, channel, outcome, note, next_follow_up_on)
select c.loan_id, c.staff_id, c.contacted_at, c.channel, c.outcome, c.note, c.next_follow_up_on
from demo_contact_plan c
where not exists (select 1 from overdue_contacts o where o.loan_id = c.loan_id and o.note = c.note);

drop table demo_contact_plan;
drop table demo_overdue_plan;
