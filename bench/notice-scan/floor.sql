-- The floor: one plain INSERT … SELECT writing :rows notices into the scratch copy of the outbox, one per reader, rule
-- and due date among the loans a rule matches on :today (found through the due-date index, as the scan finds them) for bound, following readers, with the fields the scan's
-- notices carry (count, earliest title, due date, level). No opt-outs, no skip counts, no report, no key conflicts.
insert into bench_floor_notifications (idempotency_key, kind, channel, patron_id, openid, fields, not_before, stale_after)
select 'floor:' || l.patron_id || ':' || r.code || ':' || l.due_on, r.kind, 'template', l.patron_id, b.openid,
       jsonb_build_object('count', count(*)::text, 'title', min(t.title), 'dueDate', l.due_on::text, 'level', r.level::text),
       now(), case when r.kind = 'due-reminder' then (l.due_on + 1)::timestamp at time zone 'Asia/Shanghai' end
from loans l
join patrons p on p.id = l.patron_id
join notice_rules r on r.patron_group = p.patron_group and r.enabled and l.due_on = :'today'::date - r.offset_days
join items i on i.id = l.item_id
join titles t on t.id = i.title_id
join wechat_bindings b on b.patron_id = p.id
join followers f on f.openid = b.openid and f.unsubscribed_at is null
where l.returned_at is null
  -- The due dates the rules fire for today, as the scan looks them up: an index range each, not every loan.
  and l.due_on = any (select distinct :'today'::date - offset_days from notice_rules where enabled)
group by l.patron_id, b.openid, r.code, r.kind, r.level, l.due_on
limit :rows;
