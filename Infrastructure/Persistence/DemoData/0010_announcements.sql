-- An announcer (same demo password as the other staff) and a draft announcement to all followers, to preview and send.
insert into staff_accounts (username, display_name, password_hash, roles)
values ('news', '宣传推广部', 'AQAAAAIAAYagAAAAEFp6/R/PRkKLW0y/3taovjLllVgd9ITR22mV43fjl3pgAdcUVQ+9Q9tMDnvrdRfvBg==', array['announcer'])
on conflict (username) do nothing;

insert into announcements (title, body, link, category, audience, created_by, created_at)
select '元旦期间开馆时间调整', '1月1日总馆开放时间为 9:00–17:00，东区分馆闭馆一天；自助还书机照常使用。',
       'https://lib.example.edu.cn/news/holiday-hours', 'closure', '{"kind": "all_followers", "values": []}'::jsonb,
       'staff:' || s.id, date_trunc('day', now())
from staff_accounts s
where s.username = 'news'
  and not exists (select 1 from announcements a where a.title = '元旦期间开馆时间调整');
