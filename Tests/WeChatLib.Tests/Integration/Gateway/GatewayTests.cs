using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>Messages through the webhook to their actions and back, in safe mode.</summary>
internal sealed class GatewayTests : ServiceTest
{
    private const string Reader = "oGateway00000000000000000001";
    private WeChatSender _wechat = null!;

    [SetUp]
    public async Task Prepare()
    {
        _wechat = new WeChatSender(Api.CreateClient());
        await Api.AddReadersAsync(Support.Identity.Reader("C0001", name: "张三"));
        await Api.ReaderTokensAsync("C0001", Reader);
        await AddLoansAsync("C0001", ("三体", 3), ("活着", -2));
    }

    [Test]
    public async Task My_loans_from_the_menu_lists_the_reader_s_books_in_an_encrypted_reply()
    {
        var (status, reply) = await _wechat.SafeAsync(WeChatSender.Event(Reader, "CLICK", "MY_LOANS"));

        status.ShouldBe(200);
        var content = WeChatSender.ContentOf(reply);
        content.ShouldContain("张三");
        content.ShouldContain("《三体》");
        content.ShouldContain("还剩 3 天");
        content.ShouldContain("已超期 2 天");
        (WeChatLib.Infrastructure.WeChat.Protocol.WeChatXml.Parse(reply)!)["ToUserName"].ShouldBe(Reader);
    }

    [Test]
    public async Task An_unbound_reader_gets_the_binding_link_which_carries_no_openid()
    {
        const string stranger = "oStranger0000000000000000001";

        var (_, reply) = await _wechat.SafeAsync(WeChatSender.Text(stranger, "借阅"));

        var content = WeChatSender.ContentOf(reply);
        content.ShouldContain("/connect/oauth2/authorize");
        content.ShouldContain("snsapi_base");
        content.ShouldNotContain(stranger);
    }

    // Counts the service's process-wide meter, which every service running alongside also feeds.
    [NonParallelizable]
    [Test]
    public async Task The_same_message_four_times_at_once_runs_the_handler_once_and_answers_all_four_alike()
    {
        var xml = WeChatSender.Text(Reader, "借阅");
        using var handled = new HandledMessages();

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _wechat.SafeAsync(xml)));

        replies.ShouldAllBe(r => r.Status == 200);
        replies.Select(r => WeChatSender.ContentOf(r.Reply)).Distinct().ShouldHaveSingleItem().ShouldContain("三体");
        handled.Count.ShouldBe(1);
    }

    // Counts the service's process-wide meter, which every service running alongside also feeds.
    [NonParallelizable]
    [Test]
    public async Task Two_different_scans_of_one_reader_in_the_same_second_both_run()
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Scan(string seat) => WeChatSender.Event(Reader, "scancode_waitmsg", "SEAT_CHECKIN",
            $"<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[{seat}]]></ScanResult></ScanCodeInfo>", second);

        using var handled = new HandledMessages();

        await Task.WhenAll(_wechat.SafeAsync(Scan("seat:3F-001")), _wechat.SafeAsync(Scan("seat:3F-002")));

        handled.Count.ShouldBe(2);
    }

    [Test]
    public async Task Unbinding_from_the_chat_asks_for_confirmation_first()
    {
        var ask = WeChatSender.ContentOf((await _wechat.SafeAsync(WeChatSender.Text(Reader, "解绑"))).Reply);
        await using (var connection = Database.Open())
            (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);

        var done = WeChatSender.ContentOf((await _wechat.SafeAsync(WeChatSender.Text(Reader, "确认解绑"))).Reply);
        var again = WeChatSender.ContentOf((await _wechat.SafeAsync(WeChatSender.Text(Reader, "确认解绑"))).Reply);

        ask.ShouldContain("确认解绑");
        done.ShouldContain("已解除");
        again.ShouldContain("没有待确认");
        await using var check = Database.Open();
        (await check.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(0);
    }

    [Test]
    public async Task A_long_list_ends_at_a_whole_loan_and_the_rest_follows_on_more()
    {
        await AddLoansAsync("C0001", [.. Enumerable.Range(1, 60).Select(i => ($"计算机程序设计艺术 第{i}卷 基本算法与数据结构", i))]);

        var pages = new List<string> { WeChatSender.ContentOf((await _wechat.SafeAsync(WeChatSender.Text(Reader, "借阅"))).Reply) };
        while (pages[^1].EndsWith("(reply 更多 for the rest)", StringComparison.Ordinal) && pages.Count < 10)
            pages.Add(WeChatSender.ContentOf((await _wechat.SafeAsync(WeChatSender.Text(Reader, "更多"))).Reply));

        pages.Count.ShouldBeGreaterThan(1);
        pages.ShouldAllBe(page => Encoding.UTF8.GetByteCount(page) <= 2048);
        pages[0].Split('\n').SkipLast(1).Last().ShouldContain("可续借", customMessage: "the cut falls after a whole loan, its renewal status included");
        pages[^1].ShouldContain("第60卷");
        string.Concat(pages).Split("《计算机程序设计艺术").Length.ShouldBe(61, "every loan appears once");
    }

    [Test]
    public async Task Unknown_message_types_and_events_get_success_and_subscribers_are_remembered()
    {
        var unknown = await _wechat.SafeAsync(WeChatSender.Xml(Reader, "hologram", "<MsgId>1</MsgId>"));
        var unknownEvent = await _wechat.SafeAsync(WeChatSender.Event(Reader, "FUTURE_EVENT"));
        var subscribe = await _wechat.SafeAsync(WeChatSender.Event("oNewcomer0000000000000000001", "subscribe", "qrscene_east-gate"));

        unknown.Reply.ShouldBe("success");
        unknownEvent.Reply.ShouldBe("success");
        WeChatSender.ContentOf(subscribe.Reply).ShouldContain("欢迎");
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<string>("select scene from followers where openid = 'oNewcomer0000000000000000001'")).ShouldBe("east-gate");
    }

    [Test]
    public async Task A_template_delivery_report_is_recorded()
    {
        var patronId = (await Api.PatronAsync("C0001")).Id;
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("""
                insert into notifications (idempotency_key, kind, channel, patron_id, state, wechat_msgid)
                values ('due-reminder:x', 'due-reminder', 'template', @patronId, 'sent', 987654321)
                """, new { patronId });

        var (_, reply) = await _wechat.SafeAsync(WeChatSender.Event(Reader, "TEMPLATESENDJOBFINISH", "", "<MsgID>987654321</MsgID><Status><![CDATA[failed:user block]]></Status>"));

        reply.ShouldBe("success");
        (await Database.NoticeAsync("due-reminder:x"))!.DeliveryStatus.ShouldBe("failed:user block");
    }

    [Test]
    public async Task Past_the_reply_budget_the_webhook_answers_success_and_the_answer_follows_as_a_custom_message()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["WeChat:ReplyBudgetMilliseconds"] = "300";
        var wechat = new WeChatSender(api.CreateClient());
        await api.AddReadersAsync(Support.Identity.Reader("C0001", name: "李四"));
        await api.ReaderTokensAsync("C0001", "oSlowReader0000000000000001");

        await using var blocker = database.Open();
        await using var transaction = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("lock table loans in access exclusive mode", transaction: transaction);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, reply) = await wechat.SafeAsync(WeChatSender.Text("oSlowReader0000000000000001", "借阅"));
        var answeredIn = watch.Elapsed;
        await transaction.RollbackAsync();

        status.ShouldBe(200);
        reply.ShouldBe("success");
        answeredIn.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        await Eventually.HoldsAsync(() => Task.FromResult(TestHost.Fakes.WeChat.Accepted.Any(m => m.Kind == "custom" && m.ToUser == "oSlowReader0000000000000001")),
            "the late answer is sent as a custom message");
        TestHost.Fakes.WeChat.Accepted.Last(m => m.ToUser == "oSlowReader0000000000000001").Body.ShouldContain("李四");
    }

    private async Task AddLoansAsync(string card, params (string Title, int DaysLeft)[] loans)
    {
        await Database.OpenLibraryAsync();
        foreach (var (title, daysLeft) in loans)
            await Database.AddLoanAsync(card, title, Api.Today(), daysLeft);
    }
}
