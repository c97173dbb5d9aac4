using System.Text;
using WeChatLib.Api.WeChat;
using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Tests.WeChat;

/// <summary>How a long answer is split for WeChat's 2,048 bytes, and which action a keyword with an argument reaches.</summary>
internal sealed class ReplyPagingTests
{
    private static string Entry(int n) => $"{n}. 《计算机程序设计艺术 第{n}卷》 到期 3月{n % 28 + 1}日（还剩 {n} 天）\n可再续 2 次 · 不可续借：已有其他读者预约此书；此书已被图书馆召回，请按时归还";

    // Headers of different lengths move where a cut by whole lines would fall: inside an entry for some of them.
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void A_page_ends_after_a_whole_entry_of_several_lines_and_the_rest_starts_with_the_next(int headerLines)
    {
        var header = string.Concat(Enumerable.Repeat("提示：请按时归还图书\n", headerLines));
        var text = header + "张三，您在借 30 本：\n\n" + string.Join("\n\n", Enumerable.Range(1, 30).Select(Entry));

        var (now, later) = ReplyLength.Fit(text);

        Encoding.UTF8.GetByteCount(now).ShouldBeLessThanOrEqualTo(ReplyLength.MaxBytes);
        now.ShouldEndWith("请按时归还" + ReplyLength.MoreSuffix);
        var shown = now.Split("\n\n").Length - 1;
        shown.ShouldBeGreaterThan(5);
        later.ShouldNotBeNull().ShouldStartWith($"{shown + 1}. 《");
    }

    [Test]
    public void An_answer_s_own_page_break_ends_the_page_even_when_more_would_fit_and_is_never_sent()
    {
        var (now, later) = ReplyLength.Fit($"一\n\n二{ReplyLength.PageBreak}\n\n三\n\n四{ReplyLength.PageBreak}\n\n五");
        var (next, last) = ReplyLength.Fit(later!);
        var (end, none) = ReplyLength.Fit(last!);

        now.ShouldBe("一\n\n二" + ReplyLength.MoreSuffix);
        next.ShouldBe("三\n\n四" + ReplyLength.MoreSuffix);
        end.ShouldBe("五");
        none.ShouldBeNull();
    }

    [Test]
    public void Text_without_blank_lines_still_ends_at_a_whole_line()
    {
        var text = string.Join('\n', Enumerable.Range(1, 80).Select(i => $"第 {i} 行：一二三四五六七八九十"));

        var (now, later) = ReplyLength.Fit(text);

        now.Split('\n')[^2].ShouldEndWith("十");
        (now.Replace(ReplyLength.MoreSuffix, "", StringComparison.Ordinal) + "\n" + later).ShouldBe(text);
    }

    [TestCase("text:续借 2", typeof(RenewLoanAction))]
    [TestCase("text:续借2", typeof(RenewLoanAction))]
    [TestCase("text:续借 c0000003", typeof(RenewLoanAction))]
    [TestCase("text:renew 2", typeof(RenewLoanAction))]
    [TestCase("text:续借", typeof(RenewAllAction))]
    [TestCase("text:renew", typeof(RenewAllAction))]
    [TestCase("click:RENEW_ALL", typeof(RenewAllAction))]
    [TestCase("text:借阅", typeof(MyLoansAction))]
    [TestCase("text:订座 2", typeof(BookSeatAction))]
    [TestCase("text:订座2", typeof(BookSeatAction))]
    [TestCase("text:book 2", typeof(BookSeatAction))]
    [TestCase("text:订座", typeof(SeatZonesAction))]
    [TestCase("text:取消座位", typeof(CancelSeatAction))]
    [TestCase("scan:SEAT_CHECKIN", typeof(SeatCheckInAction))]
    [TestCase("text:renewal", null)]
    [TestCase("text:我想续借", null)]
    public void A_keyword_followed_by_what_the_reader_names_reaches_its_action_without_disturbing_whole_keywords(string routeKey, Type? action) =>
        WeChatActions.Find(routeKey).ShouldBe(action);

    [Test]
    public void A_keyword_with_an_argument_is_labelled_without_the_reader_s_words()
    {
        RouteLabel.Of("text:续借 c0000003").ShouldBe("text:续借 *");
        RouteLabel.Of("text:renew 2").ShouldBe("text:renew *");
        RouteLabel.Of("text:续借").ShouldBe("text:续借");
        RouteLabel.Of("text:我想续借").ShouldBe("text:*");
    }

    [TestCase("2", true)]
    [TestCase(" 12 ", true)]
    [TestCase("２", true)]
    [TestCase("123", false)]
    [TestCase("2本", false)]
    [TestCase("", false)]
    public void A_bare_number_of_one_or_two_digits_is_one_route_whatever_the_number(string content, bool bare)
    {
        var message = new WeChatMessage(new Dictionary<string, string> { ["MsgType"] = "text", ["Content"] = content });

        (MessageRouter.RouteKey(message) == MessageRouter.BareNumber).ShouldBe(bare);
        if (bare)
        {
            WeChatActions.Find(MessageRouter.RouteKey(message)).ShouldBe(typeof(BookSeatAction));
            RouteLabel.Of(MessageRouter.RouteKey(message)).ShouldBe("text:#");
        }
    }
}
