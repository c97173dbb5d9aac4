using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.WeChat;

/// <summary>The outbound client and the shared access token, against the fake WeChat API over HTTP.</summary>
internal sealed class WeChatApiClientTests
{
    private TestDatabase _database = null!;
    private ApiFactory _first = null!;
    private ApiFactory _second = null!;

    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    [SetUp]
    public async Task StartTwoInstances()
    {
        _database = await TestDatabase.CreateAsync();
        _first = new ApiFactory(_database.ConnectionString, _fakes);
        _second = new ApiFactory(_database.ConnectionString, _fakes);
        WeChat.Tokens.RevokeAll();
    }

    [TearDown]
    public async Task StopInstances()
    {
        WeChat.Faults.Reset();
        WeChat.Tokens.Lifetime = TimeSpan.FromHours(2);
        WeChat.Unfollowed.Clear();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_burst_of_1000_concurrent_sends_on_a_cold_cache_fetches_one_token()
    {
        var clients = new[] { Client(_first), Client(_second) };
        var issuedBefore = WeChat.Tokens.Issued;

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            clients[i % 2].SendTemplateAsync(Message($"oBurst{i:D22}", $"burst-{i}"), CancellationToken.None)));

        results.ShouldAllBe(r => r.Succeeded);
        (WeChat.Tokens.Issued - issuedBefore).ShouldBe(1);
    }

    [Test]
    public async Task A_rejected_token_causes_one_refresh_and_one_retry_per_call_on_two_instances()
    {
        var clients = new[] { Client(_first), Client(_second) };
        (await clients[0].SendTemplateAsync(Message("oWarmUp000000000000000000001", "warm-up"), CancellationToken.None)).Succeeded.ShouldBeTrue();
        var issuedBefore = WeChat.Tokens.Issued;
        WeChat.Tokens.RevokeAll();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            clients[i % 2].SendTemplateAsync(Message($"oAfter{i:D22}", $"after-revoke-{i}"), CancellationToken.None)));

        results.ShouldAllBe(r => r.Succeeded);
        (WeChat.Tokens.Issued - issuedBefore).ShouldBe(1);
        var attempts = WeChat.Attempts.Where(a => a.ClientMsgId?.StartsWith("after-revoke-", StringComparison.Ordinal) == true)
            .GroupBy(a => a.ClientMsgId).ToList();
        attempts.Count.ShouldBe(40);
        attempts.ShouldAllBe(g => g.Count() <= 2);
    }

    [Test]
    public async Task An_older_token_never_overwrites_a_newer_one()
    {
        var owner = _first.Services.GetRequiredService<AccessTokenOwner>();
        var now = DateTimeOffset.UtcNow;

        (await owner.StoreAsync(new AccessToken("newer", now.AddHours(2)))).ShouldBeTrue();
        (await owner.StoreAsync(new AccessToken("older", now.AddHours(1)))).ShouldBeFalse();
        await owner.RejectAsync("older");

        (await owner.StoredAsync())!.Value.ShouldBe("newer");
    }

    [Test]
    public async Task The_daily_quota_pauses_sending_and_degrades_health_without_failing_readiness()
    {
        var client = Client(_first);
        WeChat.Faults.QuotaAfter = WeChat.Accepted.Count + 1;

        var first = await client.SendTemplateAsync(Message("oQuota0000000000000000000001", "quota-1"), CancellationToken.None);
        var second = await client.SendTemplateAsync(Message("oQuota0000000000000000000002", "quota-2"), CancellationToken.None);

        first.Succeeded.ShouldBeTrue();
        second.Outcome.ShouldBe(WeChatOutcome.QuotaExhausted);
        second.Error!.Code.ShouldBe(45009);
        (await _second.Services.GetRequiredService<WeChatAlarms>().QuotaPausedUntilAsync()).ShouldNotBeNull();
        var ready = await _second.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["wechat"]!["status"]).ShouldBe("Degraded");
    }

    [Test]
    public async Task Repeated_refreshes_raise_a_degraded_health_entry()
    {
        // Tokens that live 3 minutes are always inside the refresh window: every call refreshes.
        WeChat.Tokens.Lifetime = TimeSpan.FromMinutes(3);
        var client = Client(_first);

        for (var i = 0; i < WeChatAlarms.RefreshesPerHourAlarm + 2; i++)
            (await client.SendTemplateAsync(Message("oStorm00000000000000000000001", $"storm-{i}"), CancellationToken.None)).Succeeded.ShouldBeTrue();

        var ready = await _first.CreateClient().GetFromJsonAsync<JsonObject>(new Uri("/health/ready", UriKind.Relative));
        ((string?)ready!["checks"]!["wechat"]!["status"]).ShouldBe("Degraded");
    }

    [Test]
    public async Task System_busy_is_retried_with_backoff_and_a_permanent_error_is_not()
    {
        var client = Client(_first);
        WeChat.Unfollowed["oGone000000000000000000000001"] = true;
        (await client.SendTemplateAsync(Message("oWarm0000000000000000000000001", "warm"), CancellationToken.None)).Succeeded.ShouldBeTrue();

        var permanent = await client.SendTemplateAsync(Message("oGone000000000000000000000001", "gone"), CancellationToken.None);
        WeChat.Faults.BusyRate = 1;
        var busy = await client.SendTemplateAsync(Message("oBusy000000000000000000000001", "busy"), CancellationToken.None);

        permanent.Outcome.ShouldBe(WeChatOutcome.Permanent);
        permanent.Error!.Code.ShouldBe(43004);
        WeChat.Attempts.Count(a => a.ClientMsgId == "gone").ShouldBe(1);
        busy.Outcome.ShouldBe(WeChatOutcome.Transient);
        WeChat.Attempts.Count(a => a.ClientMsgId == "busy").ShouldBe(4);
    }

    [Test]
    public async Task A_repeated_client_msg_id_is_delivered_once()
    {
        var client = Client(_first);
        var acceptedBefore = WeChat.Accepted.Count;

        var first = await client.SendTemplateAsync(Message("oTwice0000000000000000000001", "same-key"), CancellationToken.None);
        var again = await client.SendTemplateAsync(Message("oTwice0000000000000000000001", "same-key"), CancellationToken.None);

        first.Value.ShouldBe(again.Value);
        (WeChat.Accepted.Count - acceptedBefore).ShouldBe(1);
    }

    [Test]
    public async Task Chinese_and_rare_characters_reach_wechat_unescaped()
    {
        var client = Client(_first);
        var escapedBefore = WeChat.EscapedMessages;

        var sent = await client.SendCustomTextAsync("oRare00000000000000000000001", "𠮷田同学，您借的《三体》明天到期。", CancellationToken.None);

        sent.Succeeded.ShouldBeTrue();
        WeChat.Calls.Last(c => c.Path == "/cgi-bin/message/custom/send").Body.ShouldContain("𠮷田同学");
        WeChat.EscapedMessages.ShouldBe(escapedBefore);
    }

    [Test]
    public async Task A_menu_goes_out_with_its_chinese_names_intact_and_a_bad_one_comes_back_as_an_error()
    {
        var client = Client(_first);
        var menu = new JsonObject
        {
            ["button"] = new JsonArray(
                new JsonObject { ["type"] = "click", ["name"] = "我的借阅", ["key"] = "MY_LOANS" },
                new JsonObject { ["name"] = "座位", ["sub_button"] = new JsonArray(new JsonObject { ["type"] = "click", ["name"] = "预约座位", ["key"] = "SEATS" }) }),
        };
        var tooLong = new JsonObject { ["button"] = new JsonArray(new JsonObject { ["type"] = "click", ["name"] = "图书馆借阅服务中心", ["key"] = "X" }) };

        var published = await client.CreateMenuAsync(menu, CancellationToken.None);
        var refused = await client.CreateMenuAsync(tooLong, CancellationToken.None);

        published.Succeeded.ShouldBeTrue();
        WeChat.Accepted.Last(m => m.Kind == "menu").Body.ShouldContain("我的借阅");
        refused.Outcome.ShouldBe(WeChatOutcome.Permanent);
        refused.Error!.Code.ShouldBe(40018);
    }

    private static WeChatApiClient Client(ApiFactory api) => api.Services.GetRequiredService<WeChatApiClient>();

    private static TemplateMessage Message(string toUser, string clientMsgId) =>
        new(toUser, "TEMPLATE_DUE", null, clientMsgId, new Dictionary<string, string> { ["thing1"] = "三体", ["time2"] = "11月28日" });
}
