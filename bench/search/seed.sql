-- 200,000 titles (psql -v titles=N -v schema=…) with Chinese titles, authors and subjects made deterministically from word lists,
-- one to three copies each in two branches, then the statistics the planner needs. Run on a migrated database.
\set ON_ERROR_STOP on
insert into branches (code, name, name_en) values ('main', '图书馆总馆', 'Main Library'), ('east', '东区分馆', 'East Branch')
on conflict (code) do nothing;

with words (w) as (select unnest(array[
    '中国', '历史', '经济', '社会', '文化', '理论', '研究', '方法', '数据', '结构', '算法', '程序', '设计', '机器', '学习', '深度',
    '网络', '信息', '系统', '管理', '工程', '材料', '化学', '物理', '数学', '分析', '统计', '概率', '哲学', '思想', '文学', '小说',
    '诗歌', '艺术', '音乐', '电影', '城市', '乡村', '农业', '医学', '生物', '环境', '能源', '法律', '政治', '国际', '关系', '教育',
    '心理', '语言', '翻译', '明清', '唐宋', '近代', '现代', '传统', '变迁', '制度', '市场', '金融', '货币', '银行', '企业', '创新'])),
     w as (select array_agg(w order by w) as a from words),
     surnames (s) as (select array['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林']),
     given (g) as (select array['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明'])
insert into titles (isbn, title, author, publisher, year, clc_class, subjects)
select '979' || lpad(n::text, 10, '0'),
       -- Word indexes mixed with n's higher digits, so that every pair of words occurs.
       w.a[1 + (n * 7) % 64] || w.a[1 + (n * 13 + n / 64 * 5) % 64]
           || case when n % 3 = 0 then '的' || w.a[1 + (n * 29 + n / 4096 * 11) % 64] else '' end
           || case when n % 5 = 0 then '与' || w.a[1 + (n * 31 + n / 512 * 3) % 64] else '' end || case when n % 4 = 0 then '（第' || (1 + n % 3) || '版）' else '' end,
       (select s from surnames)[1 + n % 16] || (select g from given)[1 + (n / 16) % 16] || case when n % 2 = 0 then (select g from given)[1 + (n / 7) % 16] else '' end,
       '出版社' || (n % 50), 1990 + n % 36,
       (array['TP', 'K', 'I', 'F', 'O', 'D', 'G', 'H', 'B', 'J', 'R', 'TU'])[1 + n % 12] || (100 + n % 900),
       array[w.a[1 + (n * 17) % 64] || w.a[1 + (n * 19) % 64]]
from generate_series(1, :titles) n, w;

insert into items (barcode, title_id, branch_id, item_type, status, accessioned_on)
select 'B' || lpad(t.id::text, 8, '0') || '-' || c, t.id, b.id, 'book',
       case when (t.id + c) % 4 = 0 then 'on_loan' else 'available' end, current_date - (t.id % 2000)::int
from titles t cross join generate_series(1, 3) c
join branches b on b.code = case when c = 2 then 'east' else 'main' end
where c <= 1 + t.id % 3;

create table if not exists bench_seed (titles int not null, schema text not null);
truncate bench_seed;
insert into bench_seed values (:titles, :'schema');
vacuum analyze titles;
vacuum analyze items;
