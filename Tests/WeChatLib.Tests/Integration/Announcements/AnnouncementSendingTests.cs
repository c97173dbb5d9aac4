using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Announcements;

/// <summary>
/// Announcements going out as mass messages by openid list, small batches and a slow WeChat: a sender stopped halfway
/// and another taking over, a cancel mid-send, a sender that stopped after its request left. Each request the service
/// makes is counted on its own way out (a handler in its WeChat client) and in its own attempt rows.
/// </summary>
internal sealed class AnnouncementSendingTests
{
    private const int BatchSize = 4;

    [Test]
    public async Task An_announcement_whose_sender_stops_halfway_reaches_each_reader_exactly_once_when_another_takes_over()
    {
        await using var database = await TestDatabase.CreateAsync();
        var leaving = new OutgoingMassSends();
        var readers = Followers("oRestart", 60);
        await using var first = Instance(database, leaving);
        _ = first.Services;
        await database.AddFollowersAsync(readers);
        var staff = first.ClientWith((await first.StaffTokensAsync("announcer", StaffRole.Announcer)).AccessToken);
        var id = (await staff.DraftAnnouncementAsync("all_followers"))["id"]!.GetValue<long>();

        await staff.SendAnnouncementAsync(id);
        await Eventually.HoldsAsync(async () => (await database.BatchStatesAsync(id)).GetValueOrDefault("sent") >= 4, "some batches are sent");
        await first.DisposeAsync();
        var afterStop = await database.BatchStatesAsync(id);
        afterStop.GetValueOrDefault("pending").ShouldBeGreaterThan(0, "the sender stopped halfway");
        afterStop.GetValueOrDefault("sending").ShouldBe(0, "a request under way when the sender stopped ended and was recorded");

        await using var second = Instance(database, leaving);
        _ = second.Services;
        await Eventually.HoldsAsync(async () => (await database.BatchStatesAsync(id)).Keys.All(s => s == "sent"), "every batch is sent",
            TimeSpan.FromSeconds(60));

        var attempts = await database.AttemptsPerReaderAsync(id);
        attempts.Keys.ShouldBe(readers, ignoreOrder: true);
        attempts.Values.ShouldAllBe(n => n == 1);
        leaving.PerReader.Keys.ShouldBe(readers, ignoreOrder: true);
        leaving.PerReader.Values.ShouldAllBe(n => n == 1);
        var progress = await second.ClientWith((await second.StaffTokensAsync("announcer2", StaffRole.Announcer)).AccessToken).ProgressAsync(id);
        progress["status"]!.GetValue<string>().ShouldBe("sent");
        progress["sent"]!.GetValue<int>().ShouldBe(60);
        progress["pending"]!.GetValue<int>().ShouldBe(0);
        await using var connection = database.Open();
        (await database.MassMessagesCountedAsync(readers)).Values.ShouldAllBe(n => n == 1, "each reader's month counts the one mass message");
        (await database.MassMessagesCountedAsync(readers)).Count.ShouldBe(60);
    }

    [Test]
    public async Task Cancel_mid_send_stops_every_batch_not_yet_sent_and_the_sent_ones_report_WeChat_s_totals()
    {
        await using var database = await TestDatabase.CreateAsync();
        var leaving = new OutgoingMassSends();
        var readers = Followers("oCancel", 80);
        await using var api = Instance(database, leaving);
        _ = api.Services;
        await database.AddFollowersAsync(readers);
        var staff = api.ClientWith((await api.StaffTokensAsync("announcer", StaffRole.Announcer)).AccessToken);
        var id = (await staff.DraftAnnouncementAsync("all_followers"))["id"]!.GetValue<long>();

        await staff.SendAnnouncementAsync(id);
        await Eventually.HoldsAsync(async () => (await database.BatchStatesAsync(id)).GetValueOrDefault("sent") >= 3, "some batches are sent");
        var cancels = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            staff.PostAsync(new Uri($"/api/v1/staff/announcements/{id}/cancel", UriKind.Relative), null)));
        cancels.Count(c => c.StatusCode == System.Net.HttpStatusCode.OK).ShouldBe(1);
        cancels.Count(c => c.StatusCode == System.Net.HttpStatusCode.Conflict).ShouldBe(39);
        var answered = (await cancels.Single(c => c.IsSuccessStatusCode).Content.ReadFromJsonAsync<JsonObject>())!;
        answered["status"]!.GetValue<string>().ShouldBe("cancelled");
        (answered["sent"]!.GetValue<int>() + answered["cancelled"]!.GetValue<int>() + answered["pending"]!.GetValue<int>()).ShouldBe(80,
            "every reader is sent, cancelled, or in the one request still under way");
        await Eventually.HoldsAsync(async () => (await database.BatchStatesAsync(id)).GetValueOrDefault("sending") == 0, "no batch is under way");
        await Task.Delay(500);

        var states = await database.BatchStatesAsync(id);
        states.Keys.ShouldBe(["sent", "cancelled"], ignoreOrder: true);
        (states["sent"] + states["cancelled"]).ShouldBe(80 / BatchSize);
        await using var connection = database.Open();
        var sentReaders = (await connection.QueryAsync<string>("""
            select t.openid from announcement_targets t join announcement_batches b on b.id = t.batch_id where b.announcement_id = @id and b.state = 'sent'
            """, new { id })).ToHashSet();
        leaving.PerReader.Keys.ToHashSet().SetEquals(sentReaders).ShouldBeTrue("requests left for the sent batches' readers only");
        leaving.PerReader.Values.ShouldAllBe(n => n == 1);
        (await connection.ExecuteScalarAsync<int>("""
            select count(*) from announcement_attempts a join announcement_batches b on b.id = a.batch_id where b.announcement_id = @id and b.state = 'cancelled'
            """, new { id })).ShouldBe(0);
        var progress = await staff.ProgressAsync(id);
        progress["status"]!.GetValue<string>().ShouldBe("cancelled");
        progress["sent"]!.GetValue<int>().ShouldBe(sentReaders.Count);
        progress["cancelled"]!.GetValue<int>().ShouldBe(80 - sentReaders.Count);
        progress["pending"]!.GetValue<int>().ShouldBe(0);
        (await database.AuditCountAsync("announcement.cancel")).ShouldBe(1);
        // The month counts the mass message for the readers it reached, and no longer for those it never will.
        var counted = await database.MassMessagesCountedAsync(readers);
        readers.ShouldAllBe(r => counted.GetValueOrDefault(r) == (sentReaders.Contains(r) ? 1 : 0));

        // WeChat's report on one sent batch is kept against it.
        var msgId = await connection.ExecuteScalarAsync<long>(
            "select msg_id from announcement_batches where announcement_id = @id and state = 'sent' order by id limit 1", new { id });
        var report = $"<MsgID>{msgId}</MsgID><Status><![CDATA[send success]]></Status><TotalCount>{BatchSize}</TotalCount><FilterCount>1</FilterCount>"
            + $"<SentCount>{BatchSize - 1}</SentCount><ErrorCount>0</ErrorCount>";
        var (status, _) = await new WeChatSender(api.CreateClient()).SafeAsync(WeChatSender.Event("oWeChatMassReport00000001", "MASSSENDJOBFINISH", extra: report));
        status.ShouldBe(200);
        var reported = (await staff.ProgressAsync(id))["weChatReport"]!;
        reported["totalCount"]!.GetValue<int>().ShouldBe(BatchSize);
        reported["filterCount"]!.GetValue<int>().ShouldBe(1);
        reported["sentCount"]!.GetValue<int>().ShouldBe(BatchSize - 1);
        reported["status"]!.GetValue<string>().ShouldBe("send success");
    }

    [Test]
    public async Task A_batch_whose_sender_stopped_after_its_request_left_is_reported_unknown_and_never_sent_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var leaving = new OutgoingMassSends();
        var readers = Followers("oStopped", 8);
        long id;
        await using (var idle = Instance(database, leaving))
        {
            idle.Settings["Announcements:WorkersEnabled"] = "false";
            _ = idle.Services;
            await database.AddFollowersAsync(readers);
            var staff = idle.ClientWith((await idle.StaffTokensAsync("announcer", StaffRole.Announcer)).AccessToken);
            id = (await staff.DraftAnnouncementAsync("all_followers"))["id"]!.GetValue<long>();
            await staff.SendAnnouncementAsync(id);
        }
        // A sender claimed the first batch and let its request leave, then stopped before it learnt the answer.
        await using (var connection = database.Open())
            await connection.ExecuteAsync("""
                with first as (select id from announcement_batches where announcement_id = @id order by seq limit 1)
                , leased as (update announcement_batches set state = 'sending', leased_by = 'gone', lease_until = now() - interval '1 second'
                             where id = (select id from first))
                insert into announcement_attempts (batch_id, worker, started_at) select id, 'gone', now() - interval '10 seconds' from first
                """, new { id });

        await using var api = Instance(database, leaving);
        _ = api.Services;
        await Eventually.HoldsAsync(async () => !(await database.BatchStatesAsync(id)).ContainsKey("pending")
            && !(await database.BatchStatesAsync(id)).ContainsKey("sending"), "every batch is settled", TimeSpan.FromSeconds(30));

        var states = await database.BatchStatesAsync(id);
        states.GetValueOrDefault("unknown").ShouldBe(1);
        states.GetValueOrDefault("sent").ShouldBe(1);
        states.Count.ShouldBe(2);
        (await database.AttemptsPerReaderAsync(id)).Values.ShouldAllBe(n => n == 1);
        leaving.PerReader.Count.ShouldBe(BatchSize, "only the other batch left this time");
        var progress = await api.ClientWith((await api.StaffTokensAsync("announcer2", StaffRole.Announcer)).AccessToken).ProgressAsync(id);
        progress["unknown"]!.GetValue<int>().ShouldBe(BatchSize);
        progress["sent"]!.GetValue<int>().ShouldBe(BatchSize);
    }

    [Test]
    public async Task Progress_counts_each_reader_once_as_sent_failed_by_reason_unknown_pending_or_over_the_cap()
    {
        await using var database = await TestDatabase.CreateAsync();
        var leaving = new OutgoingMassSends();
        // Batches of four in openid order, each answered its own way by WeChat; one more reader at the month's cap.
        var groups = new[] { "o1Refused", "o2Refused", "o3Unknown", "o4Busy", "o5Sent" };
        var readers = groups.SelectMany(g => Followers(g, BatchSize)).ToList();
        await using var api = Instance(database, leaving, new ScriptedWeChat());
        _ = api.Services;
        await database.AddFollowersAsync([.. readers, "o0AtTheCap000000000000000001"]);
        var month = AnnouncementRules.MonthOf(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        await database.SetMassMessagesThisMonthAsync("o0AtTheCap000000000000000001", month, AnnouncementRules.MonthlyMassMessages);
        var staff = api.ClientWith((await api.StaffTokensAsync("announcer", StaffRole.Announcer)).AccessToken);
        var id = (await staff.DraftAnnouncementAsync("all_followers"))["id"]!.GetValue<long>();

        await staff.SendAnnouncementAsync(id);
        await Eventually.HoldsAsync(async () =>
        {
            var states = await database.BatchStatesAsync(id);
            return states.GetValueOrDefault("sent") == 1 && states.GetValueOrDefault("failed") == 2 && states.GetValueOrDefault("unknown") == 1
                   && states.GetValueOrDefault("pending") == 1;
        }, "each batch has met its answer", TimeSpan.FromSeconds(30));

        var progress = await staff.ProgressAsync(id);
        progress["status"]!.GetValue<string>().ShouldBe("sending");
        progress["targeted"]!.GetValue<int>().ShouldBe(21);
        progress["cannotReachThisMonth"]!.GetValue<int>().ShouldBe(1);
        progress["sent"]!.GetValue<int>().ShouldBe(BatchSize);
        progress["unknown"]!.GetValue<int>().ShouldBe(BatchSize);
        progress["pending"]!.GetValue<int>().ShouldBe(BatchSize, "refused for now: it goes again later");
        progress["cancelled"]!.GetValue<int>().ShouldBe(0);
        // WeChat's message carries a request id each time: two refusals for one reason are one reason.
        progress["failed"]!.AsObject().Select(f => (f.Key, (int)f.Value!)).ShouldBe([("40003 invalid openid", 2 * BatchSize)]);
        var failed = progress["failed"]!.AsObject().Sum(f => (int)f.Value!);
        (progress["cannotReachThisMonth"]!.GetValue<int>() + progress["sent"]!.GetValue<int>() + failed + progress["unknown"]!.GetValue<int>()
            + progress["pending"]!.GetValue<int>() + progress["cancelled"]!.GetValue<int>()).ShouldBe(progress["targeted"]!.GetValue<int>());
        (await database.AttemptsPerReaderAsync(id)).Where(a => a.Key.StartsWith("o3Unknown", StringComparison.Ordinal)).ShouldAllBe(a => a.Value == 1,
            "a request whose outcome is unknown is never made again");
    }

    private static ApiFactory Instance(TestDatabase database, OutgoingMassSends leaving, DelegatingHandler? wechat = null)
    {
        var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services =>
            {
                var client = services.AddHttpClient<WeChatApiClient>().AddHttpMessageHandler(() => new MassSendWatch(leaving));
                if (wechat is not null)
                    client.AddHttpMessageHandler(() => wechat);
            },
        };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Announcements:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        api.Settings["Announcements:LeaseSeconds"] = "10";
        api.Settings["Announcements:PollMilliseconds"] = "50";
        return api;
    }

    private static List<string> Followers(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i:D6}".PadRight(28, '0'))];

    /// <summary>Every mass send the service lets leave, per openid; each takes 150 ms, as a slow WeChat would.</summary>
    private sealed class OutgoingMassSends
    {
        private readonly ConcurrentDictionary<string, int> _perReader = new();

        public IReadOnlyDictionary<string, int> PerReader => _perReader;

        public void Left(IEnumerable<string> openIds)
        {
            foreach (var openId in openIds)
                _perReader.AddOrUpdate(openId, 1, (_, n) => n + 1);
        }
    }

    /// <summary>
    /// WeChat's answers to the mass sends of the progress test, chosen by the batch's first openid: a refusal for good
    /// (with a request id that differs each time, as WeChat's do), a gateway error (the outcome unknown), a busy system.
    /// </summary>
    private sealed class ScriptedWeChat : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/cgi-bin/message/mass/send")
                return await base.SendAsync(request, cancellationToken);
            var first = (string)JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!["touser"]![0]!;
            return first[..2] switch
            {
                "o1" or "o2" => Answer($"{{\"errcode\":40003,\"errmsg\":\"invalid openid rid: {Guid.NewGuid():N}\"}}"),
                "o3" => new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway),
                "o4" => Answer("{\"errcode\":-1,\"errmsg\":\"system error hint: [busy]\"}"),
                _ => await base.SendAsync(request, cancellationToken),
            };
        }

        private static HttpResponseMessage Answer(string json) =>
            new(System.Net.HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
    }

    private sealed class MassSendWatch(OutgoingMassSends leaving) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/cgi-bin/message/mass/send")
            {
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
                leaving.Left(body["touser"]!.AsArray().Select(u => (string)u!));
                await Task.Delay(150, CancellationToken.None);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
