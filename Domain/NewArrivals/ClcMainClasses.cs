namespace WeChatLib.Domain.NewArrivals;

/// <summary>
/// The main classes of the Chinese Library Classification (《中国图书馆分类法》, 5th edition, 国家图书馆出版社 2010,
/// 基本大类): the 22 classes A–K, N–V, X, Z, and T's sixteen two-letter classes (TB–TV). A subscription names one of
/// them, or a class below one (TP3, I247).
/// </summary>
public static class ClcMainClasses
{
    public sealed record MainClass(string Code, string Name, string NameEn);

    public static readonly IReadOnlyList<MainClass> All =
    [
        new("A", "马克思主义、列宁主义、毛泽东思想、邓小平理论", "Marxism, Leninism, Mao Zedong Thought, Deng Xiaoping Theory"),
        new("B", "哲学、宗教", "Philosophy and religion"),
        new("C", "社会科学总论", "Social sciences"),
        new("D", "政治、法律", "Politics and law"),
        new("E", "军事", "Military science"),
        new("F", "经济", "Economics"),
        new("G", "文化、科学、教育、体育", "Culture, science, education and sports"),
        new("H", "语言、文字", "Languages and linguistics"),
        new("I", "文学", "Literature"),
        new("J", "艺术", "Art"),
        new("K", "历史、地理", "History and geography"),
        new("N", "自然科学总论", "Natural sciences"),
        new("O", "数理科学和化学", "Mathematics, physics and chemistry"),
        new("P", "天文学、地球科学", "Astronomy and earth sciences"),
        new("Q", "生物科学", "Biology"),
        new("R", "医药、卫生", "Medicine and health"),
        new("S", "农业科学", "Agriculture"),
        new("T", "工业技术", "Industrial technology"),
        new("U", "交通运输", "Transport"),
        new("V", "航空、航天", "Aviation and spaceflight"),
        new("X", "环境科学、安全科学", "Environmental and safety science"),
        new("Z", "综合性图书", "General works"),
        new("TB", "一般工业技术", "General industrial technology"),
        new("TD", "矿业工程", "Mining engineering"),
        new("TE", "石油、天然气工业", "Petroleum and natural gas"),
        new("TF", "冶金工业", "Metallurgy"),
        new("TG", "金属学与金属工艺", "Metals and metalworking"),
        new("TH", "机械、仪表工业", "Machinery and instruments"),
        new("TJ", "武器工业", "Weapons"),
        new("TK", "能源与动力工程", "Energy and power engineering"),
        new("TL", "原子能技术", "Nuclear technology"),
        new("TM", "电工技术", "Electrical engineering"),
        new("TN", "无线电电子学、电信技术", "Electronics and telecommunications"),
        new("TP", "自动化技术、计算机技术", "Automation and computing"),
        new("TQ", "化学工业", "Chemical industry"),
        new("TS", "轻工业、手工业", "Light industry and handicrafts"),
        new("TU", "建筑科学", "Architecture and building"),
        new("TV", "水利工程", "Hydraulic engineering"),
    ];

    /// <summary>The main class a class number falls under (TP311 → TP, I247 → I), or null for none of them.</summary>
    public static MainClass? Of(string classNumber) =>
        All.Where(c => classNumber.StartsWith(c.Code, StringComparison.Ordinal)).MaxBy(c => c.Code.Length);
}
