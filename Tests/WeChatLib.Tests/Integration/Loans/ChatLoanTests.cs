using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeChatLib.Api.WeChat;
using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Loans;

/// <summary>“借阅” and “续借” through the webhook: the list with each loan's renewal answer, paging, and renewals by list number or barcode.</summary>
internal sealed class ChatLoanTests : ServiceTest
{
    private const string OpenId = "oChatLoans000000000000000001";
    private const string Card = "L0001";
    private WeChatSender _wechat = null!;
    private DateOnly _today;

    [SetUp]
    public async Task Prepare()
    {
        _wechat = new WeChatSender(Api.CreateClient());
        await Database.OpenLibraryAsync();
        _today = Api.Today();
    }

    [Test]
    public async Task Twelve_loans_page_at_whole_loans_within_2048_bytes_and_more_gives_the_rest_each_loan_once_overdue_first()
    {
        await AddReaderAsync(Reader(Card, name: "张三"));
        var overdue = await LoanAsync("深入理解计算机系统（原书第3版）", -5);
        await LoanAsync("算法导论（原书第3版）", -1);
        await LoanAsync("三体Ⅱ：黑暗森林", 0);
        var held = await LoanAsync("人类简史：从动物到上帝", 1);
        await Database.AddHoldOnLoanAsync(held, "W0001");
        var recalled = await LoanAsync("百年孤独", 2);
        await Database.RecallAsync(recalled);
        await Database.AddLoanAsync(Card, "中国大百科全书·数学卷", _today, 3, itemType: "reference");
        await Database.AddLoanAsync(Card, "围城", _today, 4, renewals: 2);
        foreach (var (title, days) in new[] { ("平凡的世界（全三册）", 6), ("红楼梦（脂评汇校本）", 8), ("明朝那些事儿（第壹部）", 12), ("活着", 15) })
            await LoanAsync(title, days);
        await LoanAsync("设计模式：可复用面向对象软件的基础", 20);

        var pages = new List<string> { await SendAsync(WeChatSender.Event(OpenId, "CLICK", "MY_LOANS")) };
        while (pages[^1].EndsWith(ReplyLength.MoreSuffix, StringComparison.Ordinal) && pages.Count < 5)
            pages.Add(await SendAsync(WeChatSender.Text(OpenId, "更多")));

        pages.Count.ShouldBe(2);
        pages[0].ShouldEndWith(ReplyLength.MoreSuffix);
        pages[0].ShouldContain("张三，您在借 12 本");
        var entries = Entries(pages);
        entries.Select(e => e.Number).ShouldBe(Enumerable.Range(1, 12), "every loan once, in order across pages");
        Entries([pages[0]]).Count.ShouldBe(MyLoansAction.LoansPerReply, "the first page ends after a whole loan");
        entries[0].Text.ShouldStartWith("1. 《深入理解计算机系统（原书第3版）》 到期");
        entries[0].Text.ShouldContain("已超期 5 天");
        entries[1].Text.ShouldContain("《算法导论（原书第3版）》");
        entries.ShouldAllBe(e => e.Text.Contains("可续借"));
        Entry(entries, "深入理解计算机系统").ShouldContain("不可续借：已超期，不能续借");
        Entry(entries, "三体Ⅱ").ShouldContain("今天到期");
        Entry(entries, "三体Ⅱ").ShouldEndWith("可再续 2 次 · 可续借");
        Entry(entries, "人类简史").ShouldContain("不可续借：已有其他读者预约此书");
        Entry(entries, "百年孤独").ShouldContain("不可续借：此书已被图书馆召回");
        Entry(entries, "中国大百科全书").ShouldEndWith("不可续借：此类图书不能续借");
        Entry(entries, "围城").ShouldContain("可再续 0 次 · 不可续借：已续借2次，达到上限2次");
        Entry(entries, "设计模式").ShouldContain("还剩 20 天");
        pages[1].ShouldContain("回复“续借”续借全部可续借的图书");
        (await Database.RenewalsAsync()).ShouldBeEmpty();
        (await Database.DueOnAsync(overdue)).ShouldBe(_today.AddDays(-5));
    }

    [Test]
    public async Task A_typical_reader_s_eight_loans_fit_one_reply_with_nothing_left_for_more()
    {
        await AddReaderAsync(Reader(Card, name: "欧阳小明"));
        string[] titles = ["深入理解计算机系统（原书第3版）", "算法导论（原书第3版）", "计算机网络：自顶向下方法", "操作系统概念（第九版）",
            "数据库系统概念（原书第6版）", "编译原理（第2版）", "人类简史：从动物到上帝", "设计模式：可复用面向对象软件的基础"];
        for (var i = 0; i < titles.Length; i++)
        {
            var loan = await LoanAsync(titles[i], i * 3 - 4);
            if (i == 5)
                await Database.AddHoldOnLoanAsync(loan, "W0001");
        }

        var reply = await SendAsync(WeChatSender.Text(OpenId, "借阅"));

        reply.ShouldNotContain("更多");
        Entries([reply]).Count.ShouldBe(8);
        (await SendAsync(WeChatSender.Text(OpenId, "更多"))).ShouldContain("没有更多内容");
    }

    [Test]
    public async Task A_restricted_reader_is_told_why_at_the_top_of_the_list_and_renewing_all_renews_nothing()
    {
        await AddReaderAsync(Reader(Card, PatronStatus.Restricted, "有 3 本图书超期未还", name: "李四"));
        var soon = await LoanAsync("三体", 2);
        await LoanAsync("活着", 10);

        var list = await SendAsync(WeChatSender.Event(OpenId, "CLICK", "MY_LOANS"));
        var renewAll = await SendAsync(WeChatSender.Event(OpenId, "CLICK", "RENEW_ALL"));
        var renewOne = await SendAsync(WeChatSender.Text(OpenId, "续借 1"));

        list.Split('\n')[1].ShouldBe("您的借书证已被限制使用（有 3 本图书超期未还），暂不能续借。");
        Entries([list]).ShouldAllBe(e => e.Text.EndsWith("不可续借", StringComparison.Ordinal));
        list.ShouldNotContain("回复“续借”");
        renewAll.ShouldStartWith("您的借书证已被限制使用（有 3 本图书超期未还），暂不能续借。");
        renewAll.ShouldContain("未续借 2 本");
        renewAll.ShouldNotContain("已续借");
        renewOne.ShouldBe("《三体》不能续借：借书证已被限制使用：有 3 本图书超期未还。");
        (await Database.RenewalsAsync()).ShouldBeEmpty();
        (await Database.DueOnAsync(soon)).ShouldBe(_today.AddDays(2));
    }

    [Test]
    public async Task An_expired_reader_is_told_the_card_expired_and_cannot_renew()
    {
        await AddReaderAsync(Reader(Card, expiresOn: _today.AddDays(-1), name: "王五"));
        await LoanAsync("三体", 2);

        var list = await SendAsync(WeChatSender.Text(OpenId, "借阅"));
        var renewAll = await SendAsync(WeChatSender.Text(OpenId, "续借"));

        list.ShouldContain($"您的借书证已于 {_today.AddDays(-1).Year}年{_today.AddDays(-1).Month}月{_today.AddDays(-1).Day}日过期，不能续借");
        renewAll.ShouldStartWith("您的借书证已于");
        (await Database.RenewalsAsync()).ShouldBeEmpty();
    }

    [Test]
    public async Task Renew_all_renews_each_renewable_loan_once_and_names_the_others_with_every_reason()
    {
        await AddReaderAsync(Reader(Card));
        var first = await LoanAsync("三体", 2);
        var second = await LoanAsync("活着", 9);
        var held = await LoanAsync("人类简史", 4);
        await Database.AddHoldOnLoanAsync(held, "W0001");
        await Database.RecallAsync(held);
        var overdue = await LoanAsync("围城", -3);

        var summary = await SendAsync(WeChatSender.Event(OpenId, "CLICK", "RENEW_ALL"));
        var again = await SendAsync(WeChatSender.Text(OpenId, "续借"));

        var newDue = LoanText.Date(_today.AddDays(30), Language.Zh);
        summary.ShouldBe($"""
            已续借 2 本：
            · 《三体》 新到期日 {newDue}
            · 《活着》 新到期日 {newDue}
            未续借 2 本：
            · 《围城》：已超期，不能续借，请尽快归还
            · 《人类简史》：已有其他读者预约此书；此书已被图书馆召回，请按时归还
            """);
        again.ShouldStartWith("没有可以续借的图书。");
        again.ShouldContain("《三体》：续借不会延长应还日期");
        var renewals = await Database.RenewalsAsync();
        renewals.Select(r => r.LoanId).Order().ShouldBe(new[] { first, second }.Order());
        renewals.ShouldAllBe(r => r.Channel == "menu" && r.NewDueOn == _today.AddDays(30));
        (await Database.DueOnAsync(held)).ShouldBe(_today.AddDays(4));
        (await Database.DueOnAsync(overdue)).ShouldBe(_today.AddDays(-3));
    }

    [Test]
    public async Task Renew_all_as_text_is_recorded_as_a_chat_renewal_and_a_reader_with_no_loans_is_told_so()
    {
        await AddReaderAsync(Reader(Card));
        var nothing = await SendAsync(WeChatSender.Text(OpenId, "续借"));
        var loan = await LoanAsync("三体", 2);

        var renewed = await SendAsync(WeChatSender.Text(OpenId, "renew"));

        nothing.ShouldBe("您目前没有在借图书，无需续借。");
        renewed.ShouldStartWith("已续借 1 本");
        (await Database.RenewalsAsync()).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.LoanId.ShouldBe(loan), r => r.Channel.ShouldBe("chat"));
    }

    [Test]
    public async Task Renew_2_renews_the_second_loan_of_the_last_list()
    {
        await AddReaderAsync(Reader(Card));
        var first = await LoanAsync("三体", 2);
        var second = await LoanAsync("活着", 5);
        var third = await LoanAsync("围城", 9);
        await SendAsync(WeChatSender.Text(OpenId, "借阅"));
        // A loan added after the list does not shift its numbers.
        await LoanAsync("百年孤独", 1);

        var reply = await SendAsync(WeChatSender.Text(OpenId, "续借 2"));
        var again = await SendAsync(WeChatSender.Text(OpenId, "续借２"));

        reply.ShouldBe($"已续借《活着》，新到期日 {LoanText.Date(_today.AddDays(30), Language.Zh)}。");
        again.ShouldBe("《活着》不能续借：续借不会延长应还日期。");
        var renewal = (await Database.RenewalsAsync()).ShouldHaveSingleItem();
        renewal.LoanId.ShouldBe(second);
        renewal.Channel.ShouldBe("chat");
        renewal.OldDueOn.ShouldBe(_today.AddDays(5));
        (await Database.DueOnAsync(first)).ShouldBe(_today.AddDays(2));
        (await Database.DueOnAsync(third)).ShouldBe(_today.AddDays(9));
    }

    [Test]
    public async Task Renew_by_barcode_renews_that_loan()
    {
        await AddReaderAsync(Reader(Card));
        await LoanAsync("三体", 2);
        var byBarcode = await Database.AddLoanAsync(Card, "活着", _today, 5, barcode: "C0000003");

        var reply = await SendAsync(WeChatSender.Text(OpenId, "续借 C0000003"));

        reply.ShouldBe($"已续借《活着》，新到期日 {LoanText.Date(_today.AddDays(30), Language.Zh)}。");
        (await Database.RenewalsAsync()).ShouldHaveSingleItem().LoanId.ShouldBe(byBarcode);
    }

    [Test]
    public async Task A_number_beyond_the_list_someone_else_s_barcode_or_an_old_list_is_answered_politely_and_changes_nothing()
    {
        await AddReaderAsync(Reader(Card), Reader("L0002", name: "别人"));
        var mine = await LoanAsync("三体", 2);
        var theirs = await Database.AddLoanAsync("L0002", "别人的书", _today, 3, barcode: "C0009999");
        var noList = await SendAsync(WeChatSender.Text(OpenId, "续借 1"));
        await SendAsync(WeChatSender.Text(OpenId, "借阅"));
        var session = Api.Services.GetRequiredService<IDatabase>();
        var kept = await session.KeyTimeToLiveAsync($"session:{OpenId}:{LastLoanList.Name}");

        var beyond = await SendAsync(WeChatSender.Text(OpenId, "续借 9"));
        var zero = await SendAsync(WeChatSender.Text(OpenId, "续借 0"));
        var others = await SendAsync(WeChatSender.Text(OpenId, "续借 C0009999"));
        var unknown = await SendAsync(WeChatSender.Text(OpenId, "续借 X1234567"));
        var nonsense = await SendAsync(WeChatSender.Text(OpenId, "续借了吗？"));
        // Half an hour on, the list is gone: “续借 1” no longer renews what it once named.
        await session.KeyDeleteAsync($"session:{OpenId}:{LastLoanList.Name}");
        var stale = await SendAsync(WeChatSender.Text(OpenId, "续借 1"));

        noList.ShouldStartWith("请先回复“借阅”查看借阅列表");
        kept.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        beyond.ShouldBe("您上次的借阅列表中没有第 9 本（共 1 本）。回复“借阅”查看列表。");
        zero.ShouldStartWith("您上次的借阅列表中没有第 0 本");
        others.ShouldBe("您的在借图书中没有条码为 C0009999 的图书。回复“借阅”查看您的借阅。");
        others.ShouldNotContain("别人的书");
        unknown.ShouldBe("您的在借图书中没有条码为 X1234567 的图书。回复“借阅”查看您的借阅。");
        nonsense.ShouldStartWith("回复“续借”续借全部图书");
        stale.ShouldStartWith("请先回复“借阅”查看借阅列表");
        (await Database.RenewalsAsync()).ShouldBeEmpty();
        (await Database.DueOnAsync(mine)).ShouldBe(_today.AddDays(2));
        (await Database.DueOnAsync(theirs)).ShouldBe(_today.AddDays(3));
    }

    [Test]
    public async Task A_reader_who_prefers_english_gets_the_list_and_the_renewals_in_english()
    {
        await AddReaderAsync(Reader(Card, name: "Alice") with { PreferredLanguage = Language.En });
        var held = await LoanAsync("三体", 2);
        await Database.AddHoldOnLoanAsync(held, "W0001");
        await LoanAsync("活着", 5);

        var list = await SendAsync(WeChatSender.Event(OpenId, "CLICK", "MY_LOANS"));
        var one = await SendAsync(WeChatSender.Text(OpenId, "renew 1"));
        var all = await SendAsync(WeChatSender.Text(OpenId, "renew"));

        list.ShouldStartWith("Alice, you have 2 on loan:");
        list.ShouldContain($"1. 《三体》 due {_today.AddDays(2).ToString("d MMM", CultureInfo.InvariantCulture)} (2 days left)");
        list.ShouldContain("2 renewals left · cannot renew: another reader is waiting for this title");
        list.ShouldContain("2 renewals left · can renew");
        one.ShouldBe("《三体》 cannot be renewed: another reader is waiting for this title.");
        all.ShouldBe($"""
            Renewed 1:
            · 《活着》 now due {_today.AddDays(30).ToString("d MMM", CultureInfo.InvariantCulture)}
            Not renewed 1:
            · 《三体》: another reader is waiting for this title
            """);
        ContainsChinese(list + one + all, except: ["三体", "活着"]).ShouldBeFalse();
    }

    [Test]
    public async Task An_unbound_reader_who_renews_is_asked_to_bind_first()
    {
        foreach (var text in new[] { "续借", "续借 2", "续借 C0000003" })
            (await SendAsync(WeChatSender.Text("oNotBound000000000000000001", text))).ShouldContain("请先绑定借书证");
        (await SendAsync(WeChatSender.Event("oNotBound000000000000000001", "CLICK", "RENEW_ALL"))).ShouldContain("请先绑定借书证");
    }

    [Test]
    public void Renewals_change_state_so_they_never_run_without_their_dedupe_record()
    {
        ((IWeChatAction)Api.Services.GetRequiredService<RenewAllAction>()).SafeToRepeat.ShouldBeFalse();
        ((IWeChatAction)Api.Services.GetRequiredService<RenewLoanAction>()).SafeToRepeat.ShouldBeFalse();
    }

    private async Task AddReaderAsync(params PatronRecord[] readers)
    {
        await Api.AddReadersAsync(readers);
        await Api.BindWeChatAsync(readers[0].CardNumber, OpenId);
    }

    private Task<long> LoanAsync(string title, int daysLeft) => Database.AddLoanAsync(Card, title, _today, daysLeft);

    /// <summary>Sends a message and returns the passive reply's text.</summary>
    private Task<string> SendAsync(string xml) => _wechat.ReplyTextAsync(xml);

    private static List<(int Number, string Text)> Entries(IEnumerable<string> pages) =>
        [.. pages.SelectMany(p => p.Replace(ReplyLength.MoreSuffix, "", StringComparison.Ordinal).Split("\n\n"))
            .Where(e => e.Length > 0 && char.IsAsciiDigit(e[0]))
            .Select(e => (int.Parse(e[..e.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture), e))];

    private static string Entry(List<(int Number, string Text)> entries, string title) =>
        entries.Single(e => e.Text.Contains($"《{title}", StringComparison.Ordinal)).Text;

    private static bool ContainsChinese(string text, string[] except) =>
        except.Aggregate(text, (t, e) => t.Replace(e, "", StringComparison.Ordinal)).Any(c => c is >= '\u4e00' and <= '\u9fff');
}
