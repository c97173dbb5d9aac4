using WeChatLib.Domain.Announcements;

namespace WeChatLib.Tests.Domain;

internal sealed class AnnouncementRulesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Test]
    public void A_mass_message_counts_against_the_library_s_month_not_UTC_s()
    {
        // 1 December 00:30 in Shanghai is still 30 November in UTC.
        AnnouncementRules.MonthOf(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), Shanghai).ShouldBe(new DateOnly(2026, 12, 1));
        AnnouncementRules.MonthOf(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero), Shanghai).ShouldBe(new DateOnly(2026, 11, 1));
    }

    [Test]
    public void Card_numbers_are_kept_in_capitals_once_each_and_patron_groups_by_their_codes()
    {
        var cards = (AnnouncementDraftCheck.Valid)AnnouncementRules.Check(Request("cards", "c001", "C001", " c002 "));
        cards.Audience.Values.ShouldBe(["C001", "C002"]);
        var groups = (AnnouncementDraftCheck.Valid)AnnouncementRules.Check(Request("patron_groups", "Graduate", "family_member"));
        groups.Audience.Values.ShouldBe(["graduate", "family_member"]);
    }

    [TestCase("all_followers", "x")]
    [TestCase("active_loans", "x")]
    [TestCase("campus")]
    [TestCase("branch")]
    [TestCase("cards")]
    [TestCase("patron_groups", "wizards")]
    [TestCase("everyone")]
    public void An_audience_with_values_it_cannot_take_or_without_those_it_needs_is_refused(string audience, params string[] values) =>
        AnnouncementRules.Check(Request(audience, values)).ShouldBeOfType<AnnouncementDraftCheck.Invalid>();

    [Test]
    public void Title_body_link_and_category_are_checked_together()
    {
        var check = AnnouncementRules.Check(new AnnouncementRequest(new string('长', 65), "", "javascript:alert(1)", "party", "all_followers", null));
        ((AnnouncementDraftCheck.Invalid)check).Problems.Keys.ShouldBe(["title", "body", "link", "category"], ignoreOrder: true);
    }

    [Test]
    public void The_text_readers_get_names_the_category_and_carries_the_link_as_a_tappable_line()
    {
        var text = AnnouncementRules.Text(AnnouncementCategory.Event, "讲座：数据库", "周五 19:00 报告厅", "https://lib.example.edu.cn/e/1");
        text.ShouldBe("【讲座活动】讲座：数据库\n周五 19:00 报告厅\n<a href=\"https://lib.example.edu.cn/e/1\">查看详情</a>");
        AnnouncementRules.Text(AnnouncementCategory.Notice, "t", "b", null).ShouldNotContain("<a");
    }

    private static AnnouncementRequest Request(string audience, params string[] values) =>
        new("标题", "正文", null, "notice", audience, values);
}
