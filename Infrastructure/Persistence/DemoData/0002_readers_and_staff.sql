-- Demo readers, each with PIN 123456, in every standing, and the demo staff: admin / library-admin-2026 and
-- circulation desk circ / library-admin-2026. 0004 binds 赵六 and 钱七 to demo openids; bind the others at /bind.
insert into patrons (card_number, name, patron_group, college, campus, status, restriction_reason, expires_on, preferred_language, pin_hash)
values
    ('20230001', '张三', 'undergraduate', '计算机学院', '中心校区', 'active', null, date '2027-07-01', 'zh',
     'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='),
    ('20220002', '李四', 'graduate', '经济学院', '东校区', 'active', null, date '2028-07-01', 'zh',
     'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='),
    ('T1990003', 'Wang Wu', 'faculty', 'School of Foreign Languages', '中心校区', 'active', null, date '2030-12-31', 'en',
     'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='),
    ('20210004', '赵六', 'undergraduate', '法学院', '中心校区', 'restricted', '有超期未还图书', date '2027-07-01', 'zh',
     'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='),
    ('20180005', '钱七', 'alumni', '物理学院', '中心校区', 'expired', null, date '2024-07-01', 'zh',
     'AQAAAAIAAYagAAAAEPQRuMT+twmAZxUHCLGF+aNRrmZxREKgDTargAQS65iJW/BfzzSboRfZsd1dQkpg/Q=='),
    ('20260006', '孙八', 'admitted', '', '东校区', 'active', null, date '2026-12-31', 'zh', null)
on conflict (card_number) do nothing;

insert into staff_accounts (username, display_name, password_hash, roles)
values
    ('admin', '系统管理员', 'AQAAAAIAAYagAAAAEFp6/R/PRkKLW0y/3taovjLllVgd9ITR22mV43fjl3pgAdcUVQ+9Q9tMDnvrdRfvBg==', array['admin']),
    ('circ', '流通部', 'AQAAAAIAAYagAAAAEFp6/R/PRkKLW0y/3taovjLllVgd9ITR22mV43fjl3pgAdcUVQ+9Q9tMDnvrdRfvBg==', array['circulation'])
on conflict (username) do nothing;
