-- The demo catalogue: 334 titles (Chinese and foreign literature, textbooks in three editions and a study guide,
-- reference works, bound periodicals and media) with plausible Chinese cataloguing (CLC class, subject headings,
-- ISBN-13 with its check digit), their items in the main library and the east branch, the calendar's holidays,
-- closures and exam-season hours, and a loan policy for every patron group × item type. Every statement is an upsert
-- keyed by ISBN (by title for the periodicals, which have none), barcode, date or group and type, and touches a row
-- only when it differs.

drop table if exists pg_temp.demo_catalogue;
create temp table demo_catalogue (
    ord         int primary key,   -- fixes each title's ISBN and barcodes: never renumber a row
    isbn        text not null,
    title       text not null,
    author      text not null,
    publisher   text not null,
    year        int not null,
    clc_class   text not null,
    subjects    text[] not null,
    language    text not null,
    kind        text not null,     -- the item type of its copies: book, reference, periodical or media
    edition     int,               -- textbooks: 1–3, or 4 for the study guide; null for single works
    title_id    bigint
);

with publisher (code, name, prefix) as (values
    -- prefix: ISBN group and publisher (7 = China; 7-302 is 清华大学出版社); periodicals have an ISSN, not an ISBN.
    ('rw', '人民文学出版社', '702'), ('kx', '科学出版社', '703'), ('gj', '高等教育出版社', '704'),
    ('rm', '人民出版社', '701'), ('sw', '商务印书馆', '7100'), ('zh', '中华书局', '7101'),
    ('rj', '人民教育出版社', '7107'), ('sl', '生活·读书·新知三联书店', '7108'), ('jx', '机械工业出版社', '7111'),
    ('ry', '人民邮电出版社', '7115'), ('ws', '人民卫生出版社', '7117'), ('gf', '国防工业出版社', '7118'),
    ('dz', '电子工业出版社', '7121'), ('rd', '中国人民大学出版社', '7300'), ('bd', '北京大学出版社', '7301'),
    ('qh', '清华大学出版社', '7302'), ('bs', '北京师范大学出版社', '7303'), ('fd', '复旦大学出版社', '7309'),
    ('hs', '华东师范大学出版社', '75617'), ('fl', '法律出版社', '75197'), ('yw', '上海译文出版社', '75327'),
    ('zj', '作家出版社', '75063'), ('sy', '上海文艺出版社', '75321'), ('bj', '北京十月文艺出版社', '75302'),
    ('cq', '重庆出版社', '75366'), ('sk', '四川科学技术出版社', '75364'), ('cj', '长江文艺出版社', '75354'),
    ('qn', '中国青年出版社', '75153'), ('yl', '译林出版社', '75447'), ('nh', '南海出版公司', '75442'),
    ('zx', '中信出版社', '75217'), ('hk', '湖南科学技术出版社', '75357'), ('cs', '上海辞书出版社', '75326'),
    ('bk', '中国大百科全书出版社', '75000'), ('wy', '外语教学与研究出版社', '75135'),
    ('sx', '上海外语教育出版社', '75446'), ('xd', '西安电子科技大学出版社', '75606'), ('lx', '立信会计出版社', '75429'),
    ('tv', '中国国际电视总公司', '77998'), ('jy', '经济研究杂志社', ''), ('ss', '中国社会科学杂志社', ''),
    ('mit', 'The MIT Press', '0262'), ('ph', 'Prentice Hall', '013'), ('pe', 'Pearson', '013'),
    ('or', 'O''Reilly Media', '14919'), ('aw', 'Addison-Wesley', '0201'), ('sp', 'Springer', '3319'),
    ('cg', 'Cengage Learning', '1305'), ('s3', '上海三联书店', '75426'), ('zs', '中国社会科学出版社', '75004'),
    ('sc', '四川人民出版社', '7220'), ('gx', '广西师范大学出版社', '75495'), ('js', '江苏人民出版社', '7214')
),
work (n, title, author, pub, year, clc, subjects, language, kind) as (values
    (1, '平凡的世界', '路遥', 'rw', 2012, 'I247.5', '{长篇小说,中国,当代}'::text[], 'chi', 'book'),
    (2, '人生', '路遥', 'rw', 2018, 'I247.5', '{中篇小说,中国,当代}', 'chi', 'book'),
    (3, '白鹿原', '陈忠实', 'rw', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (4, '活着', '余华', 'zj', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (5, '许三观卖血记', '余华', 'zj', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (6, '兄弟', '余华', 'zj', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (7, '红高粱家族', '莫言', 'sy', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (8, '蛙', '莫言', 'sy', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (9, '秦腔', '贾平凹', 'zj', 2005, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (10, '山本', '贾平凹', 'zj', 2018, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (11, '长恨歌', '王安忆', 'rw', 2004, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (12, '尘埃落定', '阿来', 'rw', 2013, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (13, '额尔古纳河右岸', '迟子建', 'bj', 2010, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (14, '三体', '刘慈欣', 'cq', 2008, 'I247.55', '{科学幻想小说,长篇小说,中国,当代}', 'chi', 'book'),
    (15, '三体Ⅱ·黑暗森林', '刘慈欣', 'cq', 2008, 'I247.55', '{科学幻想小说,长篇小说,中国,当代}', 'chi', 'book'),
    (16, '三体Ⅲ·死神永生', '刘慈欣', 'cq', 2010, 'I247.55', '{科学幻想小说,长篇小说,中国,当代}', 'chi', 'book'),
    (17, '球状闪电', '刘慈欣', 'sk', 2005, 'I247.55', '{科学幻想小说,长篇小说,中国,当代}', 'chi', 'book'),
    (18, '繁花', '金宇澄', 'sy', 2013, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (19, '古船', '张炜', 'rw', 2011, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (20, '推拿', '毕飞宇', 'rw', 2011, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (21, '江南三部曲', '格非', 'sy', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (22, '一句顶一万句', '刘震云', 'cj', 2009, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (23, '穆斯林的葬礼', '霍达', 'bj', 2012, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (24, '芙蓉镇', '古华', 'rw', 2011, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (25, '黄金时代', '王小波', 'bj', 2017, 'I247.5', '{中篇小说,小说集,中国,当代}', 'chi', 'book'),
    (26, '马桥词典', '韩少功', 'rw', 2009, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (27, '人世间', '梁晓声', 'qn', 2017, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (28, '北上', '徐则臣', 'bj', 2018, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (29, '应物兄', '李洱', 'rw', 2018, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (30, '主角', '陈彦', 'zj', 2018, 'I247.5', '{长篇小说,中国,当代}', 'chi', 'book'),
    (31, '受戒', '汪曾祺', 'rw', 2015, 'I247.7', '{短篇小说,小说集,中国,当代}', 'chi', 'book'),
    (32, '我与地坛', '史铁生', 'rw', 2011, 'I267', '{散文集,中国,当代}', 'chi', 'book'),
    (33, '文化苦旅', '余秋雨', 'cj', 2014, 'I267', '{散文集,中国,当代}', 'chi', 'book'),
    (34, '围城', '钱锺书', 'rw', 1991, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (35, '骆驼祥子', '老舍', 'rw', 2000, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (36, '四世同堂', '老舍', 'rw', 2012, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (37, '家', '巴金', 'rw', 2013, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (38, '子夜', '茅盾', 'rw', 2009, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (39, '边城', '沈从文', 'rw', 2017, 'I246.5', '{中篇小说,中国,现代}', 'chi', 'book'),
    (40, '呼兰河传', '萧红', 'rw', 2018, 'I246.5', '{长篇小说,中国,现代}', 'chi', 'book'),
    (41, '呐喊', '鲁迅', 'rw', 1973, 'I210.6', '{鲁迅著作,短篇小说,小说集}', 'chi', 'book'),
    (42, '彷徨', '鲁迅', 'rw', 1973, 'I210.6', '{鲁迅著作,短篇小说,小说集}', 'chi', 'book'),
    (43, '朝花夕拾', '鲁迅', 'rw', 1973, 'I210.4', '{鲁迅著作,散文集}', 'chi', 'book'),
    (44, '红楼梦', '曹雪芹', 'rw', 1996, 'I242.4', '{章回小说,中国,清代}', 'chi', 'book'),
    (45, '西游记', '吴承恩', 'rw', 2010, 'I242.4', '{章回小说,中国,明代}', 'chi', 'book'),
    (46, '水浒传', '施耐庵', 'rw', 1997, 'I242.4', '{章回小说,中国,明代}', 'chi', 'book'),
    (47, '三国演义', '罗贯中', 'rw', 1973, 'I242.4', '{章回小说,中国,明代}', 'chi', 'book'),
    (48, '儒林外史', '吴敬梓', 'rw', 1977, 'I242.4', '{章回小说,中国,清代}', 'chi', 'book'),
    (49, '聊斋志异', '蒲松龄', 'zh', 2015, 'I242.1', '{笔记小说,中国,清代}', 'chi', 'book'),
    (50, '唐诗三百首', '蘅塘退士', 'zh', 2016, 'I222.742', '{唐诗,诗集}', 'chi', 'book'),
    (51, '宋词三百首', '上彊村民', 'zh', 2016, 'I222.844', '{宋词,词集}', 'chi', 'book'),
    (52, '人间词话', '王国维', 'zh', 2016, 'I207.23', '{词学,诗词研究,中国}', 'chi', 'book'),
    (53, '百年孤独', '加西亚·马尔克斯', 'nh', 2011, 'I775.45', '{长篇小说,哥伦比亚,现代}', 'chi', 'book'),
    (54, '霍乱时期的爱情', '加西亚·马尔克斯', 'nh', 2012, 'I775.45', '{长篇小说,哥伦比亚,现代}', 'chi', 'book'),
    (55, '追忆似水年华', '马塞尔·普鲁斯特', 'yl', 2012, 'I565.45', '{长篇小说,法国,现代}', 'chi', 'book'),
    (56, '局外人', '阿尔贝·加缪', 'yw', 2010, 'I565.45', '{中篇小说,法国,现代}', 'chi', 'book'),
    (57, '悲惨世界', '维克多·雨果', 'rw', 2015, 'I565.44', '{长篇小说,法国,近代}', 'chi', 'book'),
    (58, '傲慢与偏见', '简·奥斯汀', 'rw', 2017, 'I561.44', '{长篇小说,英国,近代}', 'chi', 'book'),
    (59, '简·爱', '夏洛蒂·勃朗特', 'yw', 2015, 'I561.44', '{长篇小说,英国,近代}', 'chi', 'book'),
    (60, '一九八四', '乔治·奥威尔', 'yw', 2011, 'I561.45', '{长篇小说,英国,现代}', 'chi', 'book'),
    (61, '战争与和平', '列夫·托尔斯泰', 'rw', 2015, 'I512.44', '{长篇小说,俄罗斯,近代}', 'chi', 'book'),
    (62, '罪与罚', '陀思妥耶夫斯基', 'yw', 2015, 'I512.44', '{长篇小说,俄罗斯,近代}', 'chi', 'book'),
    (63, '了不起的盖茨比', '菲茨杰拉德', 'yw', 2016, 'I712.45', '{长篇小说,美国,现代}', 'chi', 'book'),
    (64, '老人与海', '海明威', 'yw', 2015, 'I712.45', '{中篇小说,美国,现代}', 'chi', 'book'),
    (65, '挪威的森林', '村上春树', 'yw', 2018, 'I313.45', '{长篇小说,日本,现代}', 'chi', 'book'),
    (66, '雪国', '川端康成', 'yw', 2015, 'I313.45', '{中篇小说,日本,现代}', 'chi', 'book'),
    (67, '乡土中国', '费孝通', 'bd', 2012, 'C912.82', '{农村社会学,中国}', 'chi', 'book'),
    (68, '万历十五年', '黄仁宇', 'sl', 1997, 'K248.3', '{中国历史,明代}', 'chi', 'book'),
    (69, '中国历代政治得失', '钱穆', 'sl', 2001, 'D691', '{政治制度史,中国,古代}', 'chi', 'book'),
    (70, '美的历程', '李泽厚', 'sl', 2009, 'B83-092', '{美学史,中国}', 'chi', 'book'),
    (71, '人类简史：从动物到上帝', '尤瓦尔·赫拉利', 'zx', 2017, 'K02', '{世界史,通俗读物}', 'chi', 'book'),
    (72, '枪炮、病菌与钢铁：人类社会的命运', '贾雷德·戴蒙德', 'yw', 2016, 'K02', '{社会发展史,世界}', 'chi', 'book'),
    (73, '全球通史：从史前史到21世纪', '斯塔夫里阿诺斯', 'bd', 2006, 'K10', '{世界史}', 'chi', 'book'),
    (74, '国富论', '亚当·斯密', 'sw', 2015, 'F091.33', '{古典资产阶级政治经济学}', 'chi', 'book'),
    (75, '资本论（第一卷）', '马克思', 'rm', 2004, 'A121', '{马克思著作,政治经济学}', 'chi', 'book'),
    (76, '时间简史', '史蒂芬·霍金', 'hk', 2010, 'P159', '{宇宙学,普及读物}', 'chi', 'book'),
    (77, '物种起源', '达尔文', 'sw', 1995, 'Q111.2', '{进化论}', 'chi', 'book'),
    (78, '自私的基因', '理查德·道金斯', 'zx', 2012, 'Q343.1', '{基因,普及读物}', 'chi', 'book'),
    (79, '思考，快与慢', '丹尼尔·卡尼曼', 'zx', 2012, 'B842.5', '{思维方法,心理学}', 'chi', 'book'),
    (80, '史记', '司马迁', 'zh', 2014, 'K204.2', '{中国历史,古代,纪传体}', 'chi', 'book'),
    (81, '资治通鉴', '司马光', 'zh', 2009, 'K204.3', '{中国历史,编年体}', 'chi', 'book'),
    (82, '国史大纲', '钱穆', 'sw', 2010, 'K20', '{中国历史,通史}', 'chi', 'book'),
    (83, '中国哲学简史', '冯友兰', 'bd', 2013, 'B2', '{哲学史,中国}', 'chi', 'book'),
    (84, '中国建筑史', '梁思成', 'sl', 2011, 'TU-092', '{建筑史,中国}', 'chi', 'book'),
    (85, 'Introduction to Algorithms (4th ed.)', 'Thomas H. Cormen, Charles E. Leiserson, Ronald L. Rivest, Clifford Stein', 'mit', 2022, 'TP301.6', '{Algorithms,Computer programming}', 'eng', 'book'),
    (86, 'The C Programming Language (2nd ed.)', 'Brian W. Kernighan, Dennis M. Ritchie', 'ph', 1988, 'TP312', '{C (Computer program language)}', 'eng', 'book'),
    (87, 'Structure and Interpretation of Computer Programs (2nd ed.)', 'Harold Abelson, Gerald Jay Sussman', 'mit', 1996, 'TP311.1', '{Computer programming,LISP (Computer program language)}', 'eng', 'book'),
    (88, 'Computer Networking: A Top-Down Approach (8th ed.)', 'James F. Kurose, Keith W. Ross', 'pe', 2021, 'TP393', '{Computer networks,Internet}', 'eng', 'book'),
    (89, 'Designing Data-Intensive Applications', 'Martin Kleppmann', 'or', 2017, 'TP311.13', '{Database management,Distributed databases}', 'eng', 'book'),
    (90, 'Deep Learning', 'Ian Goodfellow, Yoshua Bengio, Aaron Courville', 'mit', 2016, 'TP181', '{Machine learning}', 'eng', 'book'),
    (91, 'The Art of Computer Programming, Volume 1 (3rd ed.)', 'Donald E. Knuth', 'aw', 1997, 'TP311.1', '{Computer programming,Computer algorithms}', 'eng', 'book'),
    (92, 'Linear Algebra Done Right (3rd ed.)', 'Sheldon Axler', 'sp', 2015, 'O151.2', '{Algebras, Linear}', 'eng', 'book'),
    (93, 'Principles of Economics (9th ed.)', 'N. Gregory Mankiw', 'cg', 2020, 'F0', '{Economics}', 'eng', 'book'),
    (94, '算法导论（原书第3版）', '托马斯·科尔曼 等', 'jx', 2013, 'TP301.6', '{电子计算机,算法理论}', 'chi', 'book'),
    (95, '深入理解计算机系统（原书第3版）', '兰德尔·布莱恩特 等', 'jx', 2016, 'TP303', '{计算机系统}', 'chi', 'book'),
    (96, '代码大全（第2版）', '史蒂夫·麦康奈尔', 'dz', 2006, 'TP311.5', '{软件设计}', 'chi', 'book'),
    (97, '设计模式：可复用面向对象软件的基础', '埃里希·伽玛 等', 'jx', 2007, 'TP311.5', '{面向对象语言,程序设计}', 'chi', 'book'),
    (98, '人月神话', '弗雷德里克·布鲁克斯', 'qh', 2015, 'TP311.5', '{软件工程}', 'chi', 'book'),
    (99, '重构：改善既有代码的设计（第2版）', '马丁·福勒', 'ry', 2019, 'TP311.5', '{软件开发,程序设计}', 'chi', 'book'),
    (100, 'Python编程：从入门到实践（第3版）', '埃里克·马瑟斯', 'ry', 2023, 'TP312', '{软件工具,程序设计}', 'chi', 'book'),
    (101, '现代汉语词典（第7版）', '中国社会科学院语言研究所词典编辑室', 'sw', 2016, 'H164', '{现代汉语,词典}', 'chi', 'reference'),
    (102, '新华字典（第12版）', '中国社会科学院语言研究所', 'sw', 2020, 'H163', '{汉字,字典}', 'chi', 'reference'),
    (103, '辞海（第七版）', '辞海编辑委员会', 'cs', 2020, 'Z32', '{辞海}', 'chi', 'reference'),
    (104, '牛津高阶英汉双解词典（第9版）', 'A S Hornby', 'sw', 2018, 'H316', '{英语,词典,汉语}', 'chi', 'reference'),
    (105, '中国大百科全书（第二版）', '中国大百科全书总编辑委员会', 'bk', 2009, 'Z227', '{百科全书,中国}', 'chi', 'reference'),
    (106, '中华人民共和国法律法规全书', '法律出版社法规中心', 'fl', 2024, 'D920.9', '{法律,汇编,中国}', 'chi', 'reference'),
    (107, '计算机学报 2024年合订本', '中国计算机学会', 'kx', 2024, 'TP3', '{电子计算机,期刊}', 'chi', 'periodical'),
    (108, '物理学报 2024年合订本', '中国物理学会', 'kx', 2024, 'O4', '{物理学,期刊}', 'chi', 'periodical'),
    (109, '经济研究 2024年合订本', '中国社会科学院经济研究所', 'jy', 2024, 'F', '{经济学,期刊}', 'chi', 'periodical'),
    (110, '中国社会科学 2024年合订本', '中国社会科学院', 'ss', 2024, 'C55', '{社会科学,期刊}', 'chi', 'periodical'),
    (111, '舌尖上的中国（DVD）', '中央电视台', 'tv', 2012, 'TS971', '{饮食,文化,中国,纪录片}', 'chi', 'media'),
    (112, '河西走廊（DVD）', '中央电视台', 'tv', 2015, 'K294.2', '{甘肃,地方史,纪录片}', 'chi', 'media'),
    (113, '新概念英语 1 录音（CD）', 'L. G. Alexander', 'wy', 2013, 'H319.9', '{英语,听说教学,音像}', 'chi', 'media'),
    (114, '叫魂：1768年中国妖术大恐慌', '孔飞力', 's3', 2012, 'K249.3', '{中国历史,清代,社会问题}', 'chi', 'book'),
    (115, '剑桥中国晚清史（1800—1911年）上卷', '费正清', 'zs', 1985, 'K25', '{中国历史,清后期}', 'chi', 'book'),
    (116, '追寻现代中国：1600—1912年的中国历史', '史景迁', 'sc', 2019, 'K250', '{中国历史,近代史}', 'chi', 'book'),
    (117, '从黎明到衰落：西方文化生活五百年，1500年至今', '雅克·巴尔赞', 'zx', 2013, 'K500.3', '{文化史,西方国家}', 'chi', 'book'),
    (118, '讲谈社·中国的历史：从神话到历史', '宫本一夫', 'gx', 2014, 'K21', '{中国历史,古代史}', 'chi', 'book'),
    (119, '中华帝国晚期的叛乱及其敌人：1796—1864年的军事化与社会结构', '孔飞力', 'zs', 1990, 'K252', '{农民起义,中国,清后期}', 'chi', 'book'),
    (120, '剑桥中华人民共和国史（上卷）：革命的中国的兴起（1949—1965年）', '麦克法夸尔、费正清', 'zs', 1990, 'K27', '{中国历史,现代史}', 'chi', 'book'),
    (121, '大分流：欧洲、中国及现代世界经济的发展', '彭慕兰', 'js', 2003, 'F119', '{经济史,世界}', 'chi', 'book'),
    (122, '剑桥中国明代史（1368—1644年）上卷', '牟复礼、崔瑞德', 'zs', 1992, 'K248', '{中国历史,明代}', 'chi', 'book')
),
textbook (n, stem, author, pub, year, clc, subject) as (values
    (1, '高等数学', '同济大学数学系', 'gj', 2002, 'O13', '高等数学'),
    (2, '线性代数', '同济大学数学系', 'gj', 2003, 'O151.2', '线性代数'),
    (3, '概率论与数理统计', '盛骤', 'gj', 2001, 'O21', '概率论'),
    (4, '数学分析', '华东师范大学数学系', 'gj', 2001, 'O17', '数学分析'),
    (5, '复变函数', '西安交通大学高等数学教研室', 'gj', 2006, 'O174.5', '复变函数'),
    (6, '常微分方程', '王高雄', 'gj', 2006, 'O175.1', '常微分方程'),
    (7, '离散数学', '屈婉玲', 'gj', 2008, 'O158', '离散数学'),
    (8, '数值分析', '李庆扬', 'qh', 2008, 'O241', '数值计算'),
    (9, '抽象代数基础', '丘维声', 'bd', 2003, 'O153', '抽象代数'),
    (10, '实变函数论', '周民强', 'bd', 2001, 'O174.1', '实变函数'),
    (11, '大学物理', '张三慧', 'qh', 2008, 'O4', '物理学'),
    (12, '量子力学教程', '曾谨言', 'kx', 2003, 'O413.1', '量子力学'),
    (13, '电动力学', '郭硕鸿', 'gj', 2008, 'O442', '电动力学'),
    (14, '热力学·统计物理', '汪志诚', 'gj', 2008, 'O414', '热力学'),
    (15, '理论力学', '周衍柏', 'gj', 2009, 'O31', '理论力学'),
    (16, '无机化学', '大连理工大学无机化学教研室', 'gj', 2006, 'O611', '无机化学'),
    (17, '有机化学', '邢其毅', 'bd', 2005, 'O62', '有机化学'),
    (18, '物理化学', '天津大学物理化学教研室', 'gj', 2009, 'O64', '物理化学'),
    (19, '分子生物学', '朱玉贤', 'gj', 2007, 'Q7', '分子生物学'),
    (20, '生物化学', '王镜岩', 'gj', 2002, 'Q5', '生物化学'),
    (21, '数据结构', '严蔚敏', 'qh', 2007, 'TP311.12', '数据结构'),
    (22, '计算机网络', '谢希仁', 'dz', 2008, 'TP393', '计算机网络'),
    (23, '计算机操作系统', '汤小丹', 'xd', 2007, 'TP316', '操作系统'),
    (24, '数据库系统概论', '王珊', 'gj', 2006, 'TP311.13', '数据库系统'),
    (25, '计算机组成原理', '唐朔飞', 'gj', 2008, 'TP301', '计算机体系结构'),
    (26, '编译原理', '陈火旺', 'gf', 2000, 'TP314', '编译程序'),
    (27, '软件工程导论', '张海藩', 'qh', 2008, 'TP311.5', '软件工程'),
    (28, 'C程序设计', '谭浩强', 'qh', 2005, 'TP312', 'C语言'),
    (29, 'Java 2实用教程', '耿祥义', 'qh', 2006, 'TP312', 'JAVA语言'),
    (30, 'Python程序设计基础', '董付国', 'qh', 2012, 'TP312', 'Python语言'),
    (31, '人工智能导论', '王万良', 'gj', 2011, 'TP18', '人工智能'),
    (32, '机器学习', '周志华', 'qh', 2012, 'TP181', '机器学习'),
    (33, '西方经济学', '高鸿业', 'rd', 2001, 'F091.3', '西方经济学'),
    (34, '计量经济学', '李子奈', 'gj', 2005, 'F224.0', '计量经济学'),
    (35, '金融学', '黄达', 'rd', 2003, 'F830', '金融学'),
    (36, '会计学原理', '李海波', 'lx', 2005, 'F230', '会计学'),
    (37, '管理学', '周三多', 'fd', 2003, 'C93', '管理学'),
    (38, '市场营销学', '吴健安', 'gj', 2004, 'F713.50', '市场营销学'),
    (39, '法理学', '张文显', 'gj', 2003, 'D90', '法理学'),
    (40, '民法学', '王利明', 'fl', 2005, 'D923', '民法'),
    (41, '刑法学', '张明楷', 'fl', 2003, 'D924', '刑法'),
    (42, '中国近代史', '李侃', 'zh', 2003, 'K25', '中国历史'),
    (43, '中国哲学史', '冯友兰', 'hs', 2001, 'B2', '哲学史'),
    (44, '西方哲学史', '赵敦华', 'bd', 2001, 'B5', '西方哲学'),
    (45, '普通心理学', '彭聃龄', 'bs', 2004, 'B84', '心理学'),
    (46, '教育学', '王道俊', 'rj', 2009, 'G40', '教育学'),
    (47, '现代汉语', '黄伯荣', 'gj', 2002, 'H1', '现代汉语'),
    (48, '古代汉语', '王力', 'zh', 2001, 'H109.2', '古代汉语'),
    (49, '系统解剖学', '柏树令', 'ws', 2004, 'R322', '人体解剖学'),
    (50, '内科学', '葛均波', 'ws', 2008, 'R5', '内科学'),
    (51, '生理学', '王庭槐', 'ws', 2008, 'R33', '人体生理学'),
    (52, '社会学概论', '郑杭生', 'rd', 2003, 'C91', '社会学'),
    (53, '大学英语综合教程', '李荫华', 'sx', 2008, 'H31', '英语')
),
edition (n, suffix, years_later) as (values
    (1, '', 0), (2, '（第二版）', 6), (3, '（第三版）', 12), (4, '学习指导与习题解答', 7)
),
listed as (
    select w.n as ord, w.title, w.author, w.pub, w.year, w.clc, w.subjects, w.language, w.kind, null::int as edition
    from work w
    union all
    select 200 + (t.n - 1) * 4 + e.n, t.stem || e.suffix, t.author, t.pub, t.year + e.years_later, t.clc,
           array[t.subject, '高等学校', case when e.n = 4 then '教学参考资料' else '教材' end], 'chi', 'book', e.n
    from textbook t cross join edition e
),
-- The first twelve ISBN digits: 978, the group and publisher prefix, then a publication number drawn from ord.
numbered as (
    select l.*, p.name as publisher_name,
           case when l.kind = 'periodical' then ''
                else '978' || p.prefix || lpad(((l.ord * 7919) % (10 ^ (9 - length(p.prefix)))::int)::text, 9 - length(p.prefix), '0')
           end as base
    from listed l join publisher p on p.code = l.pub
)
insert into demo_catalogue (ord, isbn, title, author, publisher, year, clc_class, subjects, language, kind, edition)
select ord,
       case when base = '' then ''
            else base || ((10 - (select sum(substr(base, k, 1)::int * (case when k % 2 = 1 then 1 else 3 end))
                                 from generate_series(1, 12) k) % 10) % 10)::text
       end,
       title, author, publisher_name, year, clc, subjects, language, kind, edition
from numbered;

insert into titles (isbn, title, author, publisher, year, clc_class, subjects, language)
select isbn, title, author, publisher, year, clc_class, subjects, language from demo_catalogue where isbn <> ''
on conflict (isbn) where isbn <> '' do update
    set title = excluded.title, author = excluded.author, publisher = excluded.publisher, year = excluded.year,
        clc_class = excluded.clc_class, subjects = excluded.subjects, language = excluded.language, updated_at = now()
    where (titles.title, titles.author, titles.publisher, titles.year, titles.clc_class, titles.subjects, titles.language)
          is distinct from (excluded.title, excluded.author, excluded.publisher, excluded.year, excluded.clc_class,
                            excluded.subjects, excluded.language);

-- Bound periodicals have no ISBN: they are known by their title.
insert into titles (isbn, title, author, publisher, year, clc_class, subjects, language)
select '', c.title, c.author, c.publisher, c.year, c.clc_class, c.subjects, c.language
from demo_catalogue c
where c.isbn = '' and not exists (select 1 from titles t where t.isbn = '' and t.title = c.title);

update demo_catalogue c set title_id = t.id
from titles t
where (c.isbn <> '' and t.isbn = c.isbn) or (c.isbn = '' and t.isbn = '' and t.title = c.title);

-- Copies: one in the main library, a second of every fourth title, one in the east branch for two titles in three
-- (not the periodicals and media), and a course-reserve copy of each textbook's third edition. Barcodes are
-- 1xxxxxxx (main) and 2xxxxxxx (east), from the title's ord and the copy.
insert into items (barcode, title_id, branch_id, location, call_number, item_type, status, transit_to, transit_since)
select copy.barcode, c.title_id, b.id, copy.location, c.clc_class || '/' || (c.ord + 20), copy.item_type,
       -- A few copies as a real shelf has them, set when first loaded.
       case when copy.branch = 'east' and c.ord % 97 = 0 then 'in_transit'
            when copy.branch = 'east' and c.ord % 89 = 0 then 'lost'
            when copy.branch = 'main' and copy.n = 2 and c.ord % 83 = 0 then 'withdrawn'
            else 'available' end,
       -- In transit home from the main library, where they were returned.
       case when copy.branch = 'east' and c.ord % 97 = 0 then (select id from branches where code = 'main') end,
       case when copy.branch = 'east' and c.ord % 97 = 0 then now() end
from demo_catalogue c
cross join lateral (values
    ('main', 1, c.kind),
    ('main', 2, case when c.ord % 4 = 0 and c.kind = 'book' then 'book' end),
    ('east', 1, case when c.ord % 3 <> 0 and c.kind in ('book', 'reference') then c.kind end),
    ('main', 9, case when c.edition = 3 then 'reserve' end)
) as wanted (branch, n, item_type)
cross join lateral (select
    wanted.branch, wanted.n, wanted.item_type,
    ((case when wanted.branch = 'main' then 10000000 else 20000000 end) + c.ord * 10 + wanted.n)::text as barcode,
    case
        when wanted.branch = 'east' and wanted.item_type = 'reference' then '东区分馆一楼 阅览室'
        when wanted.branch = 'east' then '东区分馆二楼 综合书库'
        when wanted.item_type = 'reserve' then '总馆二楼 教参书阅览室'
        when wanted.item_type = 'reference' then '总馆一楼 工具书阅览室'
        when wanted.item_type = 'periodical' then '总馆五楼 过刊阅览室'
        when wanted.item_type = 'media' then '总馆一楼 多媒体阅览室'
        when c.language <> 'chi' then '总馆五楼 外文书库'
        when c.clc_class like 'I%' then '总馆三楼 文学书库'
        when c.clc_class ~ '^[NOPQRSTUVXZ]' then '总馆四楼 自然科学书库'
        else '总馆二楼 社会科学书库'
    end as location) as copy
join branches b on b.code = copy.branch
where copy.item_type is not null
on conflict (barcode) do update
    set title_id = excluded.title_id, branch_id = excluded.branch_id, location = excluded.location,
        call_number = excluded.call_number, item_type = excluded.item_type, updated_at = now()
    where (items.title_id, items.branch_id, items.location, items.call_number, items.item_type)
          is distinct from (excluded.title_id, excluded.branch_id, excluded.location, excluded.call_number, excluded.item_type);

drop table demo_catalogue;

-- The calendar: closures (no hours) and special hours, each with its reason. Where two ranges meet on a day (New
-- Year's Day in exam season, the Spring Festival in the winter vacation), the closure wins.
insert into branch_calendar_dates (branch_id, date, reason, opens_at, closes_at)
select distinct on (b.id, d.day) b.id, d.day, e.reason, e.opens_at, e.closes_at
from (values
    ('main', date '2026-12-28', date '2027-01-17', '期末考试周延长开放', time '06:30', time '23:30'),
    ('east', date '2026-12-28', date '2027-01-17', '期末考试周延长开放', time '07:30', time '22:30'),
    ('main', date '2027-01-01', date '2027-01-01', '元旦闭馆', null, null),
    ('east', date '2027-01-01', date '2027-01-01', '元旦闭馆', null, null),
    ('main', date '2027-01-18', date '2027-02-28', '寒假开放时间', time '08:30', time '17:00'),
    ('east', date '2027-01-18', date '2027-02-28', '寒假闭馆', null, null),
    ('main', date '2027-02-04', date '2027-02-11', '春节闭馆', null, null),
    ('main', date '2027-04-05', date '2027-04-05', '清明节开放时间', time '09:00', time '17:00'),
    ('east', date '2027-04-05', date '2027-04-05', '清明节闭馆', null, null),
    ('main', date '2027-05-01', date '2027-05-05', '劳动节开放时间', time '09:00', time '17:00'),
    ('east', date '2027-05-01', date '2027-05-05', '劳动节闭馆', null, null),
    ('main', date '2027-06-09', date '2027-06-09', '端午节开放时间', time '09:00', time '17:00'),
    ('east', date '2027-06-09', date '2027-06-09', '端午节闭馆', null, null),
    ('main', date '2027-06-14', date '2027-07-04', '期末考试周延长开放', time '06:30', time '23:30'),
    ('east', date '2027-06-14', date '2027-07-04', '期末考试周延长开放', time '07:30', time '22:30'),
    ('main', date '2027-07-10', date '2027-08-29', '暑假开放时间', time '08:30', time '17:00'),
    ('east', date '2027-07-10', date '2027-08-29', '暑假闭馆', null, null),
    ('main', date '2027-09-15', date '2027-09-15', '中秋节开放时间', time '09:00', time '17:00'),
    ('east', date '2027-09-15', date '2027-09-15', '中秋节闭馆', null, null),
    ('main', date '2027-10-01', date '2027-10-07', '国庆节开放时间', time '09:00', time '17:00'),
    ('east', date '2027-10-01', date '2027-10-07', '国庆节闭馆', null, null),
    ('main', date '2027-12-27', date '2028-01-16', '期末考试周延长开放', time '06:30', time '23:30'),
    ('east', date '2027-12-27', date '2028-01-16', '期末考试周延长开放', time '07:30', time '22:30'),
    ('main', date '2028-01-01', date '2028-01-01', '元旦闭馆', null, null),
    ('east', date '2028-01-01', date '2028-01-01', '元旦闭馆', null, null),
    ('main', date '2028-01-17', date '2028-02-27', '寒假开放时间', time '08:30', time '17:00'),
    ('east', date '2028-01-17', date '2028-02-27', '寒假闭馆', null, null),
    ('main', date '2028-01-24', date '2028-01-31', '春节闭馆', null, null)
) as e (code, first_day, last_day, reason, opens_at, closes_at)
join branches b on b.code = e.code
cross join lateral (select g::date as day from generate_series(e.first_day, e.last_day, interval '1 day') g) as d
order by b.id, d.day, e.opens_at is not null, e.last_day - e.first_day
on conflict (branch_id, date) do update
    set reason = excluded.reason, opens_at = excluded.opens_at, closes_at = excluded.closes_at
    where (branch_calendar_dates.reason, branch_calendar_dates.opens_at, branch_calendar_dates.closes_at)
          is distinct from (excluded.reason, excluded.opens_at, excluded.closes_at);

-- How each group borrows each type. Books: undergraduates 30 days, 2 renewals, 20 at a time; graduates and staff 60
-- days, 3, 30; faculty 90 days, 5, 50 (and may renew an overdue book); alumni and family members 30 days, 1, 5.
-- A book may be renewed from 10 days before it is due. Reference works are never renewed; course reserves go for 7
-- days. Admitted students may not borrow until they enrol: their rows allow no loans.
insert into loan_policies (patron_group, item_type, loan_period_days, renewal_period_days, max_renewals,
                           renewable_days_before_due, overdue_renewable, max_open_loans, renewable, renew_from)
select g.patron_group, t.item_type,
       coalesce(t.period, g.book_days), coalesce(t.period, g.book_days),
       case when g.patron_group = 'admitted' or not t.renewable then 0 else coalesce(t.renewals, g.book_renewals) end,
       t.days_before_due,
       g.patron_group = 'faculty' and t.item_type = 'book',
       case when g.patron_group = 'admitted' then 0 else round(g.book_max * t.max_share)::int end,
       t.renewable and g.patron_group <> 'admitted',
       'today'
from (values
    ('undergraduate', 30, 2, 20),
    ('graduate', 60, 3, 30),
    ('faculty', 90, 5, 50),
    ('staff', 60, 3, 30),
    ('alumni', 30, 1, 5),
    ('family_member', 30, 1, 5),
    ('admitted', 30, 0, 0)
) as g (patron_group, book_days, book_renewals, book_max)
cross join (values
    ('book', null::int, null::int, 10, true, 1.0),
    ('reference', 7, 0, null, false, 0.1),
    ('reserve', 7, 1, 2, true, 0.1),
    ('periodical', 14, 1, 5, true, 0.2),
    ('media', 14, 1, 5, true, 0.2)
) as t (item_type, period, renewals, days_before_due, renewable, max_share)
on conflict (patron_group, item_type) do update
    set loan_period_days = excluded.loan_period_days, renewal_period_days = excluded.renewal_period_days,
        max_renewals = excluded.max_renewals, renewable_days_before_due = excluded.renewable_days_before_due,
        overdue_renewable = excluded.overdue_renewable, max_open_loans = excluded.max_open_loans,
        renewable = excluded.renewable, renew_from = excluded.renew_from, updated_at = now()
    where (loan_policies.loan_period_days, loan_policies.renewal_period_days, loan_policies.max_renewals,
           loan_policies.renewable_days_before_due, loan_policies.overdue_renewable, loan_policies.max_open_loans,
           loan_policies.renewable, loan_policies.renew_from)
          is distinct from (excluded.loan_period_days, excluded.renewal_period_days, excluded.max_renewals,
                            excluded.renewable_days_before_due, excluded.overdue_renewable, excluded.max_open_loans,
                            excluded.renewable, excluded.renew_from);
