using WeChatLib.Api.WeChat;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.Jobs;

namespace WeChatLib.Tests.Domain;

/// <summary>Subscriptions, the digest's window and week, and how a search reads the reader's text.</summary>
internal sealed class NewArrivalsRulesTests
{
    [TestCase("TP", "TP")]
    [TestCase("k", "K")]
    [TestCase(" tp3 ", "TP3")]
    [TestCase("I247", "I247")]
    [TestCase("Z", "Z")]
    public void A_class_subscription_names_a_clc_main_class_or_a_class_below_one(string text, string code) =>
        Subscription.Class(text).ShouldBe(new Subscription(SubscriptionKind.Class, code));

    [TestCase("")]
    [TestCase("L")]
    [TestCase("W")]
    [TestCase("Y")]
    [TestCase("TA")]
    [TestCase("TP311.13.1234")]
    [TestCase("机器学习")]
    public void Anything_else_is_not_a_class(string text) => Subscription.Class(text).ShouldBeNull();

    [Test]
    public void The_clc_list_holds_the_22_main_classes_and_t_s_sixteen()
    {
        ClcMainClasses.All.Count(c => c.Code.Length == 1).ShouldBe(22);
        ClcMainClasses.All.Count(c => c.Code.StartsWith('T') && c.Code.Length == 2).ShouldBe(16);
        ClcMainClasses.Of("TP311.13")!.Code.ShouldBe("TP");
        ClcMainClasses.Of("T-65")!.Code.ShouldBe("T");
        ClcMainClasses.Of("K825")!.Name.ShouldBe("历史、地理");
    }

    [Test]
    public void A_keyword_is_one_to_thirty_characters_with_inner_spaces_kept_as_one()
    {
        Subscription.Keyword("  machine   learning ")!.Value.ShouldBe("machine learning");
        Subscription.Keyword("   ").ShouldBeNull();
        Subscription.Keyword(new string('书', 31)).ShouldBeNull();
        Subscription.Keyword(new string('书', 30)).ShouldNotBeNull();
    }

    [TestCase("TP", SubscriptionKind.Class, "TP")]
    [TestCase("关键词 机器学习", SubscriptionKind.Keyword, "机器学习")]
    [TestCase("关键词：机器学习", SubscriptionKind.Keyword, "机器学习")]
    [TestCase("keyword K", SubscriptionKind.Keyword, "K")]
    [TestCase("人工智能", SubscriptionKind.Keyword, "人工智能")]
    public void The_chat_reads_a_class_or_a_keyword(string text, SubscriptionKind kind, string value) =>
        SubscriptionText.Parse(text).ShouldBe(new Subscription(kind, value));

    [Test]
    public void A_digest_week_is_named_by_its_monday_and_looks_back_at_most_four_weeks()
    {
        var window = RunNewArrivalsDigest.WindowOn(new DateOnly(2026, 12, 2)); // a Wednesday

        window.Week.ShouldBe(new DateOnly(2026, 11, 30));
        RunNewArrivalsDigest.WindowOn(new DateOnly(2026, 11, 30)).Week.ShouldBe(new DateOnly(2026, 11, 30));
        RunNewArrivalsDigest.WindowOn(new DateOnly(2026, 12, 6)).Week.ShouldBe(new DateOnly(2026, 11, 30));
        window.Earliest.ShouldBe(new DateOnly(2026, 11, 4));
        window.Until.ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Test]
    public void A_digest_starts_after_the_last_one_a_first_looks_back_a_week_and_a_catch_up_at_most_four()
    {
        var window = RunNewArrivalsDigest.WindowOn(new DateOnly(2026, 12, 7));

        RunNewArrivalsDigest.StartFor(window, new DateOnly(2026, 11, 29)).ShouldBe(new DateOnly(2026, 11, 30));
        RunNewArrivalsDigest.StartFor(window, null).ShouldBe(new DateOnly(2026, 11, 30));
        RunNewArrivalsDigest.StartFor(window, new DateOnly(2026, 9, 1)).ShouldBe(new DateOnly(2026, 11, 9));
    }

    [Test]
    public void The_digest_day_and_time_are_library_time_next_occurrence()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var (day, at) = WeeklyAt.Parse("monday 10:00")!.Value;

        // Wednesday 2 December 2026, 12:00 in Shanghai → Monday 7 December 10:00 Shanghai (02:00 UTC).
        WeeklyAt.Next(DateTimeOffset.Parse("2026-12-02T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture), day, at, shanghai)
            .ShouldBe(DateTimeOffset.Parse("2026-12-07T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        // Monday 09:59 in Shanghai → the same day.
        WeeklyAt.Next(DateTimeOffset.Parse("2026-12-07T01:59:00Z", System.Globalization.CultureInfo.InvariantCulture), day, at, shanghai)
            .ShouldBe(DateTimeOffset.Parse("2026-12-07T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        WeeklyAt.Parse("10:00").ShouldBeNull();
        WeeklyAt.Parse("1 10:00").ShouldBeNull();
        WeeklyAt.Parse("Funday 10:00").ShouldBeNull();
    }

    [Test]
    public void A_search_reads_an_isbn_or_lower_case_words_with_full_width_letters_made_plain()
    {
        var isbn = SearchTitles.Parse("7-5366-9293-5")!;
        isbn.Isbn.ShouldBe("9787536692930");

        var words = SearchTitles.Parse("  Ｄｅｅｐ  学习 deep ")!;
        words.Isbn.ShouldBeNull();
        words.Terms.ShouldBe(["deep", "学习"]);
        words.Phrase.ShouldBe("deep 学习");
        SearchTitles.Parse("   ").ShouldBeNull();
    }
}
