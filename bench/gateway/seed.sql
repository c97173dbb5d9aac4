-- The gateway benchmark's library, loaded once into an empty, migrated database by bench/gateway.sh:
-- * MY_LOANS: 20,000 readers bound to the openids the Node peer uses ('o' || left(md5('reader' || i), 27)),
--   50,000 titles, 100,000 items in one branch and a loan of each, 80,000 current (every reader has at least one),
--   under the usual book policies, so that each loan's preflight has real work (renewable, too soon, overdue).
-- * RENEW_ALL: 4,000 more readers ('o' || left(md5('renewer' || i), 27)), each with 5 current loans that may be
--   renewed again and again: renewed from the due date, by one day, up to 99 times (see bench/README.md).
--   bench/gateway/renew-reset.sql puts them back as seeded before each RENEW_ALL run.
select setseed(0.20261124);

insert into branches (code, name, name_en) values ('main', '图书馆总馆', 'Main Library');
insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
select b.id, d, time '07:00', time '23:00' from branches b cross join generate_series(0, 6) as d;

insert into loan_policies (patron_group, item_type, loan_period_days, renewal_period_days, max_renewals,
                           renewable_days_before_due, overdue_renewable, max_open_loans, renewable, renew_from)
values ('undergraduate', 'book', 30, 30, 2, 10, false, 20, true, 'today'),
       ('graduate', 'book', 60, 60, 3, 10, false, 30, true, 'today'),
       ('faculty', 'book', 90, 90, 5, 10, true, 50, true, 'today'),
       -- The RENEW_ALL readers' group: every request renews all five loans by a day, whenever it comes.
       ('staff', 'book', 60, 1, 99, null, false, 30, true, 'due_date');

insert into patrons (card_number, name, patron_group, expires_on)
select 'L' || lpad(i::text, 9, '0'),
       (array['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'])[1 + floor(random() * 20)::int]
       || (array['伟','芳','娜','敏','静','丽','强','磊','军','洋','子涵','思远','雨桐','浩然','欣怡'])[1 + floor(random() * 15)::int],
       (array['undergraduate','undergraduate','graduate','faculty'])[1 + floor(random() * 4)::int],
       date '2030-07-01'
from generate_series(1, 20000) as i;

insert into wechat_bindings (patron_id, openid, bound_via)
select p.id, 'o' || left(md5('reader' || i), 27), 'import'
from generate_series(1, 20000) as i
join patrons p on p.card_number = 'L' || lpad(i::text, 9, '0');

-- Twelve subjects with their CLC class; ISBN-13 with its check digit.
insert into titles (isbn, title, author, publisher, year, clc_class, subjects)
select r.base || ((10 - (select sum(substr(r.base, k, 1)::int * (case when k % 2 = 1 then 1 else 3 end))
                         from generate_series(1, 12) as k) % 10) % 10)::text,
       a.stem[r.s] || a.edition[r.e], '作者' || (r.i % 997), '出版社', 1980 + (r.i % 45), a.clc[r.s], array[a.subject[r.s]]
from (select i, '978' || lpad(i::text, 9, '0') as base, 1 + floor(random() * 12)::int as s, 1 + floor(random() * 7)::int as e
      from generate_series(1, 50000) as i offset 0) as r
cross join (select
    array['数据结构','算法导论','操作系统','计算机网络','线性代数','概率论','微观经济学','中国近代史','唐诗','社会学','心理学','管理学'] as stem,
    array['TP311.12','TP301.6','TP316','TP393','O151.2','O21','F016','K25','I222.742','C91','B84','C93'] as clc,
    array['数据结构','算法理论','操作系统','计算机网络','线性代数','概率论','微观经济学','中国历史','唐诗','社会学','心理学','管理学'] as subject,
    array['','（第二版）','教程','导论','精要','与实践','习题集'] as edition) as a;

-- One item per loan. The title drawn in a subquery of its own: a random() inside a join condition makes it a nested loop.
insert into items (barcode, title_id, branch_id, location, call_number, item_type, status)
select 'B' || lpad(g::text, 9, '0'), s.title_id, b.id, '总馆四楼 自然科学书库', 'TP3/' || s.title_id, 'book',
       case when g <= 80000 then 'on_loan' else 'available' end
from (select g, 1 + floor(random() * 50000)::int as title_id from generate_series(1, 100000) as g offset 0) as s
cross join branches b;

-- One current loan per reader, 60,000 more current at random, and 20,000 returned.
insert into loans (patron_id, item_id, loaned_on, due_on, returned_at, checked_out_at)
select p.id, i.id, s.loaned_on, s.due_on, s.returned_at, s.loaned_on::timestamp at time zone 'Asia/Shanghai'
from (select g, case when g <= 20000 then g else 1 + floor(random() * 20000)::int end as reader,
             today - (random() * 60)::int as loaned_on, today + (random() * 40)::int - 10 as due_on,
             case when g > 80000 then now() - random() * interval '300 days' end as returned_at
      from generate_series(1, 100000) as g
      cross join (select (now() at time zone 'Asia/Shanghai')::date as today) as d
      offset 0) as s
join patrons p on p.card_number = 'L' || lpad(s.reader::text, 9, '0')
join items i on i.barcode = 'B' || lpad(s.g::text, 9, '0');

-- The RENEW_ALL readers: five current loans each, due in two weeks, none renewed yet.
insert into patrons (card_number, name, patron_group, expires_on)
select 'R' || lpad(i::text, 9, '0'), '续借读者' || i, 'staff', date '2030-07-01'
from generate_series(1, 4000) as i;

insert into wechat_bindings (patron_id, openid, bound_via)
select p.id, 'o' || left(md5('renewer' || i), 27), 'import'
from generate_series(1, 4000) as i
join patrons p on p.card_number = 'R' || lpad(i::text, 9, '0');

insert into items (barcode, title_id, branch_id, location, call_number, item_type, status)
select 'RB' || lpad(n::text, 8, '0'), s.title_id, b.id, '总馆四楼 自然科学书库', 'TP3/' || s.title_id, 'book', 'on_loan'
from (select n, 1 + floor(random() * 50000)::int as title_id from generate_series(1, 20000) as n offset 0) as s
cross join branches b;

insert into loans (patron_id, item_id, loaned_on, due_on, checked_out_at)
select p.id, i.id, d.today - 46, d.today + 14, (d.today - 46)::timestamp at time zone 'Asia/Shanghai'
from generate_series(1, 20000) as n
cross join (select (now() at time zone 'Asia/Shanghai')::date as today) as d
join patrons p on p.card_number = 'R' || lpad(((n - 1) / 5 + 1)::text, 9, '0')
join items i on i.barcode = 'RB' || lpad(n::text, 8, '0');

analyze;
