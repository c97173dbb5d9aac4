-- Demo readers bound to simulated openids ('oDemo' || card number) and loans that show every renewal answer: renewable,
-- too_many, too_soon, on_hold, recalled, patron_restricted (赵六), patron_expired (钱七), overdue_not_renewable,
-- item_type_not_renewable and would_not_change_due_date, plus a reader with 12 loans for paging. Dates count from the
-- day the seed runs in the library's time zone, so the demo works on any day; a reseed puts the demo loans back as
-- scripted (never adding a second loan: a loan is added only for an item with no open loan) and changes nothing
-- else. README.md lists the readers and what each one shows.

insert into patrons (card_number, name, patron_group, college, campus, status, restriction_reason, expires_on, preferred_language, pin_hash)
select r.card_number, r.name, r.patron_group, r.college, r.campus, 'active', null,
       coalesce(r.expires_on, (now() at time zone 'Asia/Shanghai')::date + r.expires_in_days), 'zh',
       'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='
from (values
    ('20250101', '陈晓', 'undergraduate', '计算机学院', '中心校区', date '2029-07-01', null::int),
    ('20250102', '林静', 'undergraduate', '外国语学院', '中心校区', date '2029-07-01', null),
    ('20240103', '王磊', 'graduate', '经济学院', '东校区', date '2029-07-01', null),
    -- Graduating: the card expires in six days, which caps any renewal.
    ('20230104', '周宁', 'graduate', '新闻与传播学院', '中心校区', null, 6),
    ('T2008105', '刘建国', 'faculty', '历史学院', '中心校区', date '2035-12-31', null)
) as r (card_number, name, patron_group, college, campus, expires_on, expires_in_days)
on conflict (card_number) do update
    set name = excluded.name, patron_group = excluded.patron_group, college = excluded.college, campus = excluded.campus,
        status = excluded.status, restriction_reason = excluded.restriction_reason, expires_on = excluded.expires_on,
        preferred_language = excluded.preferred_language, pin_hash = excluded.pin_hash, updated_at = now()
    where (patrons.name, patrons.patron_group, patrons.college, patrons.campus, patrons.status, patrons.restriction_reason,
           patrons.expires_on, patrons.preferred_language, patrons.pin_hash)
          is distinct from (excluded.name, excluded.patron_group, excluded.college, excluded.campus, excluded.status,
                            excluded.restriction_reason, excluded.expires_on, excluded.preferred_language, excluded.pin_hash);

-- 张三, 李四 and Wang Wu stay unbound, for trying the binding flow; their loans appear once bound.
insert into wechat_bindings (patron_id, openid, bound_via)
select p.id, 'oDemo' || p.card_number, 'import'
from patrons p
where p.card_number in ('20250101', '20250102', '20240103', '20230104', 'T2008105', '20210004', '20180005')
on conflict do nothing;

drop table if exists pg_temp.demo_loan_plan;
create temp table demo_loan_plan as
with today as (select (now() at time zone 'Asia/Shanghai')::date as d),
script (card_number, title, branch, item_type, loaned_days_ago, days_left, renewals, recalled, renewed_today, loaned_on, due_on) as (values
    -- 陈晓: four loans renewable now (one a course reserve), one not yet (too_soon).
    ('20250101', '数据结构（第二版）', 'main', 'book', 27, 3, 0, false, false, null::date, null::date),
    ('20250101', 'Python程序设计基础', 'main', 'book', 53, 7, 1, false, false, null, null),
    ('20250101', '算法导论（原书第3版）', 'main', 'book', 21, 9, 0, false, false, null, null),
    ('20250101', '三体', 'main', 'book', 6, 24, 0, false, false, null, null),
    ('20250101', '高等数学（第三版）', 'main', 'reserve', 6, 1, 0, false, false, null, null),
    -- 林静: renewals used up, a title 王磊 waits for, a recalled book, a reference work.
    ('20250102', '傲慢与偏见', 'main', 'book', 84, 6, 2, false, false, null, null),
    ('20250102', '挪威的森林', 'main', 'book', 26, 4, 0, false, false, null, null),
    ('20250102', '百年孤独', 'main', 'book', 22, 8, 0, true, false, null, null),
    ('20250102', '牛津高阶英汉双解词典（第9版）', 'main', 'reference', 4, 3, 0, false, false, null, null),
    -- 王磊: overdue, renewed earlier today (from today), not yet due for renewal, and a renewable bound periodical.
    ('20240103', '计量经济学（第三版）', 'east', 'book', 65, -5, 0, false, false, null, null),
    ('20240103', '西方经济学（第三版）', 'main', 'book', 56, 60, 1, false, true, null, null),
    ('20240103', '国富论', 'east', 'book', 35, 25, 0, false, false, null, null),
    ('20240103', '经济研究 2024年合订本', 'main', 'periodical', 11, 3, 0, false, false, null, null),
    -- 周宁: due on the day before the card expires (a renewal would not move it), and one renewable up to that day.
    ('20230104', '乡土中国', 'main', 'book', 54, 6, 0, false, false, null, null),
    ('20230104', '万历十五年', 'main', 'book', 58, 2, 0, false, false, null, null),
    -- 刘建国: twelve loans with long titles, more than one reply holds; faculty may renew an overdue book.
    ('T2008105', '中华帝国晚期的叛乱及其敌人：1796—1864年的军事化与社会结构', 'main', 'book', 92, -2, 0, false, false, null, null),
    ('T2008105', '剑桥中华人民共和国史（上卷）：革命的中国的兴起（1949—1965年）', 'main', 'book', 89, 1, 0, false, false, null, null),
    ('T2008105', '大分流：欧洲、中国及现代世界经济的发展', 'main', 'book', 177, 3, 1, false, false, null, null),
    ('T2008105', '中国近代史学习指导与习题解答', 'main', 'book', 535, 5, 5, false, false, null, null),
    ('T2008105', '叫魂：1768年中国妖术大恐慌', 'main', 'book', 82, 8, 0, false, false, null, null),
    ('T2008105', '剑桥中国晚清史（1800—1911年）上卷', 'main', 'book', 260, 10, 2, false, false, null, null),
    ('T2008105', '追寻现代中国：1600—1912年的中国历史', 'main', 'book', 76, 14, 0, false, false, null, null),
    ('T2008105', '从黎明到衰落：西方文化生活五百年，1500年至今', 'main', 'book', 69, 21, 0, false, false, null, null),
    ('T2008105', '全球通史：从史前史到21世纪', 'main', 'book', 55, 35, 0, false, false, null, null),
    ('T2008105', '剑桥中国明代史（1368—1644年）上卷', 'main', 'book', 40, 50, 0, false, false, null, null),
    ('T2008105', '讲谈社·中国的历史：从神话到历史', 'main', 'book', 20, 70, 0, false, false, null, null),
    ('T2008105', '枪炮、病菌与钢铁：人类社会的命运', 'main', 'book', 2, 88, 0, false, false, null, null),
    -- 赵六 (restricted for an overdue book) and 钱七 (card expired in 2024, a book still out since then).
    ('20210004', '红楼梦', 'main', 'book', 42, -12, 0, false, false, null, null),
    ('20210004', '民法学（第三版）', 'main', 'book', 25, 5, 0, false, false, null, null),
    ('20180005', '围城', 'main', 'book', null, null, 0, false, false, date '2024-05-20', date '2024-06-19'),
    -- Unbound readers, for after binding: 张三, 李四 and Wang Wu (in English; faculty renew overdue books).
    ('20230001', 'C程序设计（第三版）', 'main', 'book', 24, 6, 0, false, false, null, null),
    ('20230001', '活着', 'main', 'book', 12, 18, 0, false, false, null, null),
    ('20220002', '金融学（第二版）', 'east', 'book', 51, 9, 0, false, false, null, null),
    ('T1990003', 'The C Programming Language (2nd ed.)', 'main', 'book', 93, -3, 0, false, false, null, null),
    ('T1990003', '新概念英语 1 录音（CD）', 'main', 'media', 12, 2, 0, false, false, null, null)
),
resolved as (
    select s.*, p.id as patron_id, b.id as branch_id, t.id as title_id, today.d as today,
           coalesce(
               -- The reader's own open loan of the title from an earlier seed, else a free copy in the branch.
               (select i.id from items i join loans l on l.item_id = i.id and l.returned_at is null
                where i.title_id = t.id and i.item_type = s.item_type and l.patron_id = p.id
                order by i.barcode limit 1),
               (select i.id from items i
                where i.title_id = t.id and i.item_type = s.item_type and i.branch_id = b.id and i.status = 'available'
                  and not exists (select 1 from loans l where l.item_id = i.id and l.returned_at is null)
                order by i.barcode limit 1)) as item_id
    from script s
    cross join today
    join patrons p on p.card_number = s.card_number
    join branches b on b.code = s.branch
    join titles t on t.title = s.title
),
-- Each branch's open days for the next 200 days: its weekly hours, overridden by dated closures and special hours.
open_day as (
    select b.id as branch_id, g::date as day
    from branches b
    cross join today
    cross join generate_series(today.d, today.d + 200, interval '1 day') g
    where coalesce(
        (select c.opens_at is not null from branch_calendar_dates c where c.branch_id = b.id and c.date = g::date),
        exists (select 1 from branch_opening_hours h where h.branch_id = b.id and h.weekday = extract(dow from g)))
)
select r.patron_id, r.item_id, r.title_id, r.renewals, r.recalled, r.renewed_today, r.today,
       coalesce(r.loaned_on, r.today - r.loaned_days_ago) as loaned_on,
       coalesce(r.due_on, case
           when r.days_left <= 0 then r.today + r.days_left
           -- Inside the renewal window: the open day on or before, so that a closure never pushes it out of the window.
           when r.days_left <= 10 then coalesce(
               (select max(d.day) from open_day d where d.branch_id = r.branch_id and d.day between r.today and r.today + r.days_left),
               r.today + r.days_left)
           -- Further out: the open day on or after, as the due-date rule moves it.
           else coalesce(
               (select min(d.day) from open_day d where d.branch_id = r.branch_id and d.day between r.today + r.days_left and r.today + r.days_left + 90),
               r.today + r.days_left)
       end) as due_on
from resolved r
where r.item_id is not null;

-- The demo loans a reader still has go back to their script (a renewal tried by hand is undone); the others are lent
-- again, unless someone else has the copy now.
update loans l
set loaned_on = p.loaned_on, due_on = p.due_on, renewal_count = p.renewals,
    recalled_at = case when p.recalled then coalesce(l.recalled_at, now()) end,
    checked_out_at = (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai'
from demo_loan_plan p
where l.item_id = p.item_id and l.patron_id = p.patron_id and l.returned_at is null
  and (l.loaned_on, l.due_on, l.renewal_count, l.recalled_at is not null, l.checked_out_at)
      is distinct from (p.loaned_on, p.due_on, p.renewals, p.recalled, (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai');

insert into loans (patron_id, item_id, loaned_on, due_on, renewal_count, recalled_at, checked_out_at, checked_out_by)
select p.patron_id, p.item_id, p.loaned_on, p.due_on, p.renewals, case when p.recalled then now() end,
       (p.loaned_on + time '10:00') at time zone 'Asia/Shanghai', 'system'
from demo_loan_plan p
where not exists (select 1 from loans l where l.item_id = p.item_id and l.returned_at is null);

update items i set status = 'on_loan', updated_at = now()
from demo_loan_plan p
where i.id = p.item_id and i.status <> 'on_loan';

-- 王磊 waits for 挪威的森林, which 林静 has: her loan of it cannot be renewed.
insert into holds (patron_id, title_id, pickup_branch_id)
select waiting.id, t.id, (select min(id) from branches)
from titles t
join patrons waiting on waiting.card_number = '20240103'
where t.title = '挪威的森林'
  and not exists (select 1 from holds h where h.patron_id = waiting.id and h.title_id = t.id and h.status in ('waiting', 'in_transit', 'ready'));

-- 王磊 renewed 西方经济学 from the menu earlier today, when it was due in four days: renewing again today would not
-- move its due date.
update renewals r
set renewed_at = greatest(now() - interval '2 hours', p.today::timestamp at time zone 'Asia/Shanghai'),
    old_due_on = p.today + 4, new_due_on = p.due_on
from demo_loan_plan p
join loans l on l.item_id = p.item_id and l.patron_id = p.patron_id and l.returned_at is null
where p.renewed_today and r.loan_id = l.id and r.actor = 'patron:' || p.patron_id and r.channel = 'menu'
  and (r.old_due_on, r.new_due_on, (r.renewed_at at time zone 'Asia/Shanghai')::date)
      is distinct from (p.today + 4, p.due_on, p.today);

insert into renewals (loan_id, renewed_at, actor, channel, old_due_on, new_due_on)
select l.id, greatest(now() - interval '2 hours', p.today::timestamp at time zone 'Asia/Shanghai'),
       'patron:' || p.patron_id, 'menu', p.today + 4, p.due_on
from demo_loan_plan p
join loans l on l.item_id = p.item_id and l.patron_id = p.patron_id and l.returned_at is null
where p.renewed_today and not exists (select 1 from renewals r where r.loan_id = l.id);

drop table demo_loan_plan;
