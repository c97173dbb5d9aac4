using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>Notices through the real workers of one instance to the fake WeChat.</summary>
internal sealed class OutboxDeliveryTests
{
    private const string OpenId = "oNoticed000000000000000000001";
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private long _patronId;

    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    [SetUp]
    public async Task StartApi()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString, _fakes);
        _api.Settings["Outbox:MaxAttempts"] = "2";
        await _api.AddReadersAsync(Reader("C0001"), Reader("C0002"));
        await _api.ReaderTokensAsync("C0001", OpenId);
        _patronId = (await _api.PatronAsync("C0001")).Id;
    }

    [TearDown]
    public async Task StopApi()
    {
        WeChat.Faults.Reset();
        WeChat.Unfollowed.Clear();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_notice_reaches_the_bound_reader_with_its_key_as_client_msg_id()
    {
        const string key = "due-reminder:loan-1:2026-11-28:3d";

        (await Enqueue(Due(key, "三体（全三册）典藏版：地球往事、黑暗森林、死神永生", "C2026000123"))).ShouldBe(EnqueueResult.Queued);

        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "sent", "the notice is sent");
        var message = WeChat.Accepted.Single(m => m.ClientMsgId == ClientMsgId.For(key));
        message.ToUser.ShouldBe(OpenId);
        message.TemplateId.ShouldBe("TEMPLATE_DUE");
        message.CutFields.ShouldBe(0);
        var data = JsonNode.Parse(message.Body)!["data"]!;
        ((string?)data["time2"]!["value"]).ShouldBe("11月28日");
        ((string?)data["character_string3"]!["value"]).ShouldBe("C2026000123");
        ((string?)data["thing1"]!["value"]).ShouldEndWith("…");
        ((string?)JsonNode.Parse(message.Body)!["url"]).ShouldBe("https://lib.example.edu.cn/h5/loans");
        (await _database.NoticeAsync(key))!.WechatMsgid.ShouldBe(message.MsgId);
    }

    [Test]
    public async Task A_key_creates_one_notice_however_often_it_is_queued()
    {
        const string key = "due-reminder:loan-2:2026-11-28:3d";

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Enqueue(Due(key, "活着", "B1"))));

        results.Count(r => r == EnqueueResult.Queued).ShouldBe(1);
        results.Count(r => r == EnqueueResult.Duplicate).ShouldBe(4);
        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "sent", "the notice is sent");
        WeChat.Accepted.Count(m => m.ClientMsgId == ClientMsgId.For(key)).ShouldBe(1);
    }

    [Test]
    public async Task A_reader_may_switch_off_due_reminders_but_not_overdue_notices()
    {
        var reader = await _api.ReaderTokensAsync("C0002", "oPrefs000000000000000000001");
        var client = _api.ClientWith(reader.AccessToken);
        var patronId = (await _api.PatronAsync("C0002")).Id;

        var off = await client.PutAsJsonAsync(Url("/api/v1/me/notification-preferences"), new Dictionary<string, bool> { ["due-reminder"] = false });
        var refused = await client.PutAsJsonAsync(Url("/api/v1/me/notification-preferences"), new Dictionary<string, bool> { ["overdue"] = false });
        var due = await Enqueue(Notice.ForPatron("due-reminder:loan-3:2026-11-28:3d", NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "围城", ["dueDate"] = "2026-11-28", ["barcode"] = "B3" }));
        var overdue = await Enqueue(Notice.ForPatron("overdue:loan-3:2026-11-28:1", NoticeKind.Overdue, patronId,
            new Dictionary<string, string> { ["title"] = "围城", ["dueDate"] = "2026-11-28" }));

        off.EnsureSuccessStatusCode();
        (await refused.ProblemTypeAsync()).ShouldBe("/problems/validation");
        due.ShouldBe(EnqueueResult.OptedOut);
        overdue.ShouldBe(EnqueueResult.Queued);
        var settings = (await client.GetFromJsonAsync<JsonArray>(Url("/api/v1/me/notification-preferences")))!;
        settings.Single(s => (string?)s!["kind"] == "overdue")!["enabled"]!.GetValue<bool>().ShouldBeTrue();
        settings.Single(s => (string?)s!["kind"] == "due-reminder")!["enabled"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task Permanent_failures_are_recorded_with_their_reason_and_not_retried()
    {
        WeChat.Unfollowed[OpenId] = true;
        var unbound = (await _api.PatronAsync("C0002")).Id;

        await Enqueue(Due("due-reminder:unfollowed", "活着", "B1"));
        await Enqueue(Notice.ForPatron("due-reminder:unbound", NoticeKind.DueReminder, unbound,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B2" }));

        await Eventually.HoldsAsync(async () => await _database.StateAsync("due-reminder:unfollowed") == "failed", "the send fails");
        await Eventually.HoldsAsync(async () => await _database.StateAsync("due-reminder:unbound") == "failed", "the unbound notice fails");
        var unfollowed = (await _database.NoticeAsync("due-reminder:unfollowed"))!;
        unfollowed.Reason!.ShouldStartWith("43004");
        unfollowed.Attempts.ShouldBe(1);
        WeChat.Attempts.Count(a => a.ClientMsgId == ClientMsgId.For("due-reminder:unfollowed")).ShouldBe(1);
        (await _database.NoticeAsync("due-reminder:unbound"))!.Reason.ShouldBe("the reader is not bound to WeChat");
    }

    [Test]
    public async Task A_field_wechat_would_cut_is_reported_and_never_sent()
    {
        const string key = "due-reminder:long-barcode";

        await Enqueue(Due(key, "活着", "B 1 2 3 4 5 6 7 8 9 0 1 2"));

        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "failed", "the notice fails validation");
        (await _database.NoticeAsync(key))!.Reason!.ShouldContain("character_string3 would be cut");
        WeChat.Attempts.ShouldNotContain(a => a.ClientMsgId == ClientMsgId.For(key));
    }

    [Test]
    public async Task A_kind_without_a_template_is_held_and_staff_can_see_why()
    {
        const string key = "recall:loan-9:2026-11-30";
        var staff = _api.ClientWith((await _api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);

        await Enqueue(Notice.ForPatron(key, NoticeKind.Recall, _patronId, new Dictionary<string, string> { ["title"] = "活着" }));

        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "held", "the notice is held");
        var held = (await staff.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/outbox/notices?state=held")))!;
        ((string?)held.Single()!["reason"]).ShouldBe("no template configured for recall");
    }

    [Test]
    public async Task Busy_answers_are_retried_later_and_go_to_the_dead_letters_after_the_last_attempt()
    {
        const string key = "due-reminder:always-busy";
        WeChat.Faults.BusyRate = 1;

        await Enqueue(Due(key, "活着", "B1"));

        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "dead", "the notice is dead", TimeSpan.FromSeconds(30));
        var dead = (await _database.NoticeAsync(key))!;
        dead.Attempts.ShouldBe(2);
        dead.Reason!.ShouldStartWith("-1");
        WeChat.Attempts.Where(a => a.ClientMsgId == ClientMsgId.For(key)).ShouldAllBe(a => a.ToUser == OpenId);
    }

    [Test]
    public async Task The_daily_quota_keeps_the_notice_for_after_the_reset()
    {
        const string key = "due-reminder:over-quota";
        WeChat.Faults.QuotaAfter = WeChat.Accepted.Count;

        await Enqueue(Due(key, "活着", "B1"));

        await Eventually.HoldsAsync(async () => (await _database.NoticeAsync(key))?.Reason?.Contains("45009", StringComparison.Ordinal) == true, "the quota is noticed");
        var kept = (await _database.NoticeAsync(key))!;
        kept.State.ShouldBe("pending");
        kept.Attempts.ShouldBe(0);
        kept.NotBefore.ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(1));
        (await _api.Services.GetRequiredService<WeChatAlarms>().QuotaPausedUntilAsync()).ShouldNotBeNull();
    }

    [Test]
    public async Task Wechat_s_delivery_report_is_recorded_against_the_sent_notice()
    {
        const string key = "due-reminder:reported";
        await Enqueue(Due(key, "活着", "B1"));
        await Eventually.HoldsAsync(async () => await _database.StateAsync(key) == "sent", "the notice is sent");
        var msgId = (await _database.NoticeAsync(key))!.WechatMsgid!.Value;

        var recorded = await _api.Services.GetRequiredService<RecordDeliveryStatus>().HandleAsync(msgId, "failed:user block", CancellationToken.None);

        recorded.ShouldBeTrue();
        (await _database.NoticeAsync(key))!.DeliveryStatus.ShouldBe("failed:user block");
    }

    private Task<EnqueueResult> Enqueue(Notice notice) =>
        _api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(notice, CancellationToken.None);

    private Notice Due(string key, string title, string barcode) => Notice.ForPatron(key, NoticeKind.DueReminder, _patronId,
        new Dictionary<string, string> { ["title"] = title, ["dueDate"] = "2026-11-28", ["barcode"] = barcode });
}
