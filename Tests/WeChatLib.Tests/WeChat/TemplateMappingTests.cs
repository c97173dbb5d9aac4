using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Tests.WeChat;

internal sealed class TemplateMappingTests
{
    [TestCase("三体", 2)]
    [TestCase("C2026000123", 1)]
    [TestCase("ABC 123", 3)]
    [TestCase("第3版2026年", 5)]
    [TestCase("𠮷野家", 3)]
    public void Characters_are_counted_as_wechat_counts_them(string value, int expected) =>
        TemplateMapping.Length(value).ShouldBe(expected);

    [Test]
    public void A_long_title_is_shortened_to_fit_with_an_ellipsis()
    {
        var shortened = TemplateMapping.Shorten("三体（全三册）典藏版：地球往事、黑暗森林、死神永生", 20);

        shortened.ShouldEndWith("…");
        TemplateMapping.Length(shortened).ShouldBe(20);
        shortened.ShouldStartWith("三体（全三册）");
    }

    [Test]
    public void Shortening_never_splits_a_character_outside_the_basic_plane()
    {
        var shortened = TemplateMapping.Shorten(string.Concat(Enumerable.Repeat("𠮷", 30)), 10);

        shortened.ShouldBe(string.Concat(Enumerable.Repeat("𠮷", 9)) + "…");
    }

    [Test]
    public void Fields_are_built_short_on_purpose_and_the_rest_are_checked()
    {
        var mapping = Mapping(("thing1", "《{title:shorten}》"), ("time2", "{dueDate:date}"), ("thing3", "{branch}"));

        var ok = mapping.Build("due-reminder", Fields(("title", new string('书', 40)), ("dueDate", "2026-11-28"), ("branch", "总馆")), "https://lib.example");
        var cut = mapping.Build("due-reminder", Fields(("title", "书"), ("dueDate", "2026-11-28"), ("branch", "中心校区图书馆三楼东侧自习室借还处服务台一层")), "https://lib.example");
        var missing = mapping.Build("due-reminder", Fields(("title", "书")), "https://lib.example");

        var data = ok.ShouldBeOfType<TemplateBuild.Ready>().Message.Data;
        TemplateMapping.Length(data["thing1"]).ShouldBe(20);
        data["thing1"].ShouldEndWith("…》");
        data["time2"].ShouldBe("11月28日");
        cut.ShouldBeOfType<TemplateBuild.Invalid>().Problem.ShouldContain("thing3 would be cut");
        missing.ShouldBeOfType<TemplateBuild.Invalid>().Problem.ShouldContain("dueDate");
    }

    [Test]
    public void A_mapping_that_cannot_fit_is_refused_at_start()
    {
        var options = new NoticesOptions
        {
            Templates = { ["announcement"] = new TemplateOptions { TemplateId = "T", Fields = { ["thing1"] = "图书馆关于调整寒假期间开放时间的重要通知{title:shorten}", ["thing2"] = "{x:upper}" } } },
        };

        var result = new NoticesOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Notices:Templates:announcement:Fields:thing1 cannot fit");
        result.FailureMessage.ShouldContain("Notices:Templates:announcement:Fields:thing2 uses an unknown format");
    }

    [TestCase("seat-released", "seat:A2-001", "zone:二楼东侧靠窗安静自习区（仅限研究生）", "releasedOn:2026-12-02", "releasedAt:07:30", "reasonText:暂离超时未返回")]
    [TestCase("seat-suspended", "reasonText:30天内违约3次", "until:2026-12-09", "untilTime:07:30")]
    [TestCase("seat-checkin-closing", "seat:A2-001", "zone:二楼东侧靠窗安静自习区（仅限研究生）", "checkinBy:07:30")]
    [TestCase("seat-leave-ending", "seat:A2-001", "leaveUntil:12:30")]
    [TestCase("seat-cancelled", "seat:A2-001", "zone:二楼东侧靠窗安静自习区（仅限研究生）", "date:2026-12-02", "starts:09:00", "ends:11:00",
        "reason:馆员释放：座位上的书包和水杯放置超过两小时无人返回，物品已交一楼服务台保管，请凭借书证领取")]
    public void The_shipped_seat_templates_fit_what_seat_notices_carry(string kind, params string[] fields)
    {
        var options = new NoticesOptions();
        new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Support.TestServices.RepositoryRoot, "Api", "appsettings.Development.json"))
            .Build().GetSection(NoticesOptions.Section).Bind(options);

        var build = new TemplateMapping(Options.Create(options)).Build(kind,
            fields.Select(f => f.Split(':', 2)).ToDictionary(f => f[0], f => f[1]), "https://lib.example");

        build.ShouldBeOfType<TemplateBuild.Ready>().Message.Data.Values.ShouldAllBe(v => TemplateMapping.Length(v) <= TemplateMapping.MaxFieldLength);
    }

    private static TemplateMapping Mapping(params (string Field, string Pattern)[] fields) => new(Options.Create(new NoticesOptions
    {
        Templates = { ["due-reminder"] = new TemplateOptions { TemplateId = "T", Fields = fields.ToDictionary(f => f.Field, f => f.Pattern) } },
    }));

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);
}
