-- The notice-scan benchmark's library, loaded by bench/notice-scan.sh into an empty, migrated database. Sizes come as
-- psql variables: :loans open loans (default 1,000,000), :due of them inside the notice window (100,000), :readers
-- readers (50,000). 90% of readers are bound to an openid and 95% of those follow the account; the rest are what the
-- scan counts and skips. Every loan is due relative to the library's today (Asia/Shanghai), :today:
-- * inside the window, one fifth each: due in 3 days (courtesy), today (due day), overdue 1, 7 and 14 days;
-- * the rest due 4 to 90 days ahead, so that no rule matches them, whatever catch-up the scan does.
select setseed(0.20261201);

insert into branches (code, name, name_en) values ('main', '图书馆总馆', 'Main Library') on conflict do nothing;

insert into patrons (card_number, name, patron_group, college, expires_on)
select 'S' || lpad(i::text, 9, '0'),
       (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + floor(random() * 10)::int]
       || (array['伟','芳','娜','敏','静','丽','强','磊','子涵','思远','雨桐','浩然'])[1 + floor(random() * 12)::int],
       (array['undergraduate','undergraduate','undergraduate','graduate','graduate','faculty'])[1 + floor(random() * 6)::int],
       (array['计算机学院','经济学院','文学院','物理学院','医学院'])[1 + floor(random() * 5)::int],
       date '2030-07-01'
from generate_series(1, :readers) as i;

insert into wechat_bindings (patron_id, openid, bound_via)
select p.id, 'o' || left(md5('scan' || i), 27), 'import'
from generate_series(1, :readers) as i
join patrons p on p.card_number = 'S' || lpad(i::text, 9, '0')
where i % 10 <> 0;

insert into followers (openid, subscribed_at, unsubscribed_at)
select 'o' || left(md5('scan' || i), 27), now() - interval '200 days', case when i % 20 = 1 then now() - interval '3 days' end
from generate_series(1, :readers) as i
where i % 10 <> 0;

insert into titles (isbn, title, author, publisher, year)
select '978' || lpad(i::text, 10, '0'),
       (array['数据结构','算法导论','操作系统','计算机网络','线性代数','概率论','微观经济学','中国近代史','唐诗','社会学'])[1 + i % 10]
       || (array['','（第二版）','教程','导论','精要与实践——面向新工科的案例教程'])[1 + (i / 10) % 5],
       '作者' || (i % 997), '出版社', 1980 + (i % 45)
from generate_series(1, 50000) as i;

-- One item per loan. The title drawn in a subquery of its own: a random() inside a join condition makes it a nested loop.
insert into items (barcode, title_id, branch_id, location, call_number, item_type, status)
select 'S' || lpad(g::text, 9, '0'), s.title_id, b.id, '总馆四楼', 'TP3/' || s.title_id, 'book', 'on_loan'
from (select g, 1 + floor(random() * 50000)::int as title_id from generate_series(1, :loans) as g offset 0) as s
cross join (select id from branches order by id limit 1) as b;

insert into loans (patron_id, item_id, loaned_on, due_on, checked_out_at)
select p.id, i.id, s.due_on - 30, s.due_on, (s.due_on - 30)::timestamp at time zone 'Asia/Shanghai'
from (select g, 1 + floor(random() * :readers)::int as reader,
             case when g <= :due then :'today'::date + (array[3, 0, -1, -7, -14])[1 + g % 5]
                  else :'today'::date + 4 + floor(random() * 87)::int end as due_on
      from generate_series(1, :loans) as g offset 0) as s
join patrons p on p.card_number = 'S' || lpad(s.reader::text, 9, '0')
join items i on i.barcode = 'S' || lpad(s.g::text, 9, '0');

-- The floor's scratch copy of the outbox: the same columns, defaults, checks, indexes and foreign key.
create table bench_floor_notifications (like notifications including all);
alter table bench_floor_notifications add foreign key (patron_id) references patrons (id) on delete cascade;

create table bench_seed (loans int, due int, readers int, today date);
insert into bench_seed values (:loans, :due, :readers, :'today');
analyze;
