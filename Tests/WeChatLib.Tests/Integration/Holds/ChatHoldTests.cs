using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Holds;

/// <summary>“检索”, “预约 N”, “我的预约” and “取消预约 N” through the webhook, in the reader's language.</summary>
internal sealed class ChatHoldTests : ServiceTest
{
    private const string OpenId = "oChatHolds000000000000000001";
    private const string Card = "H0001";
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
    public async Task A_reader_searches_holds_title_1_sees_their_place_and_cancels_it()
    {
        await AddReaderAsync(Reader(Card, name: "张三"));
        await Database.AddTitleAllOutAsync("三体Ⅱ：黑暗森林", _today, copies: 2, author: "刘慈欣");
        await Database.AddItemAsync("A0000001", "三体");
        await Database.AddTitleAllOutAsync("活着", _today);

        var found = await SendAsync(WeChatSender.Text(OpenId, "检索 三体"));
        var placed = await SendAsync(WeChatSender.Text(OpenId, "预约 1"));
        var listed = await SendAsync(WeChatSender.Event(OpenId, "CLICK", "MY_HOLDS"));
        var cancelled = await SendAsync(WeChatSender.Text(OpenId, "取消预约 1"));
        var after = await SendAsync(WeChatSender.Text(OpenId, "我的预约"));

        found.ShouldContain("找到 2 种图书");
        found.ShouldContain("1. 《三体》");
        found.ShouldContain("在架 1/1 册");
        found.ShouldContain("2. 《三体Ⅱ：黑暗森林》 刘慈欣\n全部借出（共 2 册），可预约");
        found.ShouldNotContain("活着");
        placed.ShouldContain("抱歉，不能预约：此书在架可借（图书馆总馆），请直接到馆借阅", customMessage: "title 1 has a copy on the shelf");
        (await Database.OpenHoldCountAsync(Card)).ShouldBe(0);
        listed.ShouldContain("您目前没有预约");

        var second = await SendAsync(WeChatSender.Text(OpenId, "预约 2"));
        var list = await SendAsync(WeChatSender.Text(OpenId, "我的预约"));
        var cancel = await SendAsync(WeChatSender.Text(OpenId, "取消预约 1"));
        var empty = await SendAsync(WeChatSender.Text(OpenId, "holds"));

        second.ShouldBe("已预约《三体Ⅱ：黑暗森林》，您排在第 1 位，取书地点：图书馆总馆。书到馆后会通知您。");
        list.ShouldContain("张三，您有 1 个预约");
        list.ShouldContain("1. 《三体Ⅱ：黑暗森林》\n排队第 1 位 · 取书地点：图书馆总馆");
        list.ShouldContain("回复“取消预约 序号”");
        cancel.ShouldBe("已取消《三体Ⅱ：黑暗森林》的预约。");
        empty.ShouldContain("您目前没有预约");
        (await Database.OpenHoldCountAsync(Card)).ShouldBe(0);
        cancelled.ShouldContain("您上次的预约列表中没有第 1 个（共 0 个）");
        after.ShouldContain("您目前没有预约");
    }

    [Test]
    public async Task A_hold_on_a_title_on_the_reader_s_own_loan_gets_the_reason_and_changes_nothing()
    {
        await AddReaderAsync(Reader(Card));
        await Database.AddLoanAsync(Card, "围城", _today, 10, barcode: "L0000001", author: "钱锺书");

        await SendAsync(WeChatSender.Text(OpenId, "检索 钱锺书"));
        var reply = await SendAsync(WeChatSender.Text(OpenId, "预约１"));

        reply.ShouldBe("抱歉，不能预约：您已借有此书，不需要预约。");
        (await Database.OpenHoldCountAsync(Card)).ShouldBe(0);
    }

    [Test]
    public async Task A_reader_who_prefers_english_is_answered_in_english_and_may_hold_by_isbn()
    {
        await AddReaderAsync(Reader(Card, name: "Li Lei") with { PreferredLanguage = Language.En });
        await Database.AddTitleAllOutAsync("Solitude", _today, isbn: Library.Isbn13(7));
        await Database.AddLoanAsync(Card, "Fortress Besieged", _today, 10, barcode: "L0000001");

        var placed = await SendAsync(WeChatSender.Text(OpenId, $"hold {Library.Isbn13(7)}"));
        await SendAsync(WeChatSender.Text(OpenId, "search fortress"));
        var refused = await SendAsync(WeChatSender.Text(OpenId, "hold 1"));
        var listed = await SendAsync(WeChatSender.Text(OpenId, "holds"));
        var cancelled = await SendAsync(WeChatSender.Text(OpenId, "cancel hold 1"));

        placed.ShouldBe("Hold placed on 《Solitude》: you are number 1 in the queue, to pick up at Main Library. We will tell you when it is ready.");
        refused.ShouldBe("Sorry, no hold was placed: you have this title on loan already.");
        listed.ShouldContain("number 1 in the queue · pick up at Main Library");
        cancelled.ShouldBe("Your hold on 《Solitude》 is cancelled.");
        (await Database.OpenHoldCountAsync(Card)).ShouldBe(0);
    }

    [Test]
    public async Task A_ready_hold_is_listed_first_with_its_branch_and_last_day()
    {
        await AddReaderAsync(Reader(Card));
        await Database.AddTitleAllOutAsync("活着", _today);
        await SendAsync(WeChatSender.Text(OpenId, "检索 活着"));
        await SendAsync(WeChatSender.Text(OpenId, "预约 1"));
        await Database.AddItemAsync("R0000001", "平凡的世界");
        await Database.AddReadyHoldAsync("R0000001", Card);

        var listed = await SendAsync(WeChatSender.Text(OpenId, "我的预约"));

        listed.ShouldMatch(@"1\. 《平凡的世界》\n已到馆，请于 \d+月\d+日 前到图书馆总馆取书");
        listed.ShouldContain("2. 《活着》\n排队第 1 位");
    }

    [Test]
    public async Task Bad_or_stale_numbers_get_a_polite_hint_and_change_nothing()
    {
        await AddReaderAsync(Reader(Card, name: "张三"));
        await Database.AddTitleAllOutAsync("活着", _today);

        var word = await SendAsync(WeChatSender.Text(OpenId, "预约 abc"));
        var noSearch = await SendAsync(WeChatSender.Text(OpenId, "预约 1"));
        var noList = await SendAsync(WeChatSender.Text(OpenId, "取消预约 1"));
        await SendAsync(WeChatSender.Text(OpenId, "检索 活着"));
        var beyond = await SendAsync(WeChatSender.Text(OpenId, "预约 9"));
        var cancelWord = await SendAsync(WeChatSender.Text(OpenId, "取消预约 全部"));

        word.ShouldContain("回复“检索 书名或作者”查找图书");
        noSearch.ShouldContain("请先回复“检索 书名或作者”查找图书");
        noList.ShouldContain("请先回复“我的预约”查看预约列表");
        beyond.ShouldContain("您上次的检索结果中没有第 9 本（共 1 本）");
        cancelWord.ShouldContain("回复“我的预约”查看预约，再回复“取消预约 序号”");
        (await Database.OpenHoldCountAsync(Card)).ShouldBe(0);
    }

    [Test]
    public async Task An_unbound_reader_is_asked_to_bind_before_holding_or_listing()
    {
        var placed = await SendAsync(WeChatSender.Text(OpenId, "预约 1"));
        var listed = await SendAsync(WeChatSender.Text(OpenId, "我的预约"));
        var cancelled = await SendAsync(WeChatSender.Text(OpenId, "取消预约 1"));

        foreach (var reply in new[] { placed, listed, cancelled })
            reply.ShouldContain("请先绑定借书证");
    }

    private async Task AddReaderAsync(PatronRecord reader)
    {
        await Api.AddReadersAsync(reader);
        await Api.BindWeChatAsync(reader.CardNumber, OpenId);
    }

    /// <summary>Sends a message and returns the passive reply's text.</summary>
    private Task<string> SendAsync(string xml) => _wechat.ReplyTextAsync(xml);
}
