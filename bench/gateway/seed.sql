-- The gateway benchmark's library: 20,000 readers bound to the openids the Node peer uses
-- ('o' || left(md5('reader' || i), 27)), 50,000 titles, 100,000 loans of which 80,000 are current and every
-- reader has at least one. Loaded once into an empty, migrated database by bench/gateway.sh.
select setseed(0.20261124);

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

insert into titles (isbn, title, author, publisher, year)
select '978' || lpad(i::text, 10, '0'),
       (array['数据结构','算法导论','操作系统','计算机网络','线性代数','概率论','微观经济学','中国近代史','唐诗','社会学','心理学','管理学'])[1 + floor(random() * 12)::int]
       || (array['','（第二版）','教程','导论','精要','与实践','习题集'])[1 + floor(random() * 7)::int],
       '作者' || (i % 997), '出版社', 1980 + (i % 45)
from generate_series(1, 50000) as i;

-- One current loan per reader, 60,000 more current at random, and 20,000 returned.
insert into loans (patron_id, title_id, barcode, loaned_on, due_on, returned_at)
select p.id, 1 + floor(random() * 50000)::int, 'B' || lpad(g::text, 9, '0'),
       current_date - (random() * 60)::int, current_date + (random() * 40)::int - 10,
       case when g > 80000 then now() - random() * interval '300 days' end
-- The reader drawn in a subquery of its own: a random() inside the join condition makes it a nested loop.
from (select g, case when g <= 20000 then g else 1 + floor(random() * 20000)::int end as reader
      from generate_series(1, 100000) as g offset 0) as s
join patrons p on p.card_number = 'L' || lpad(s.reader::text, 9, '0');

analyze;
