using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>A worker that dies between sending and recording, driven by hand (no background workers here).</summary>
internal sealed class OutboxRecoveryTests
{
    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    private const string OpenId = "oRecover00000000000000000001";
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private OutboxStore _store = null!;

    [SetUp]
    public async Task StartApi()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString, _fakes);
        _api.Settings["Outbox:WorkersEnabled"] = "false";
        await _api.AddReadersAsync(Reader("C0001"));
        await _api.ReaderTokensAsync("C0001", OpenId);
        _store = _api.Services.GetRequiredService<OutboxStore>();
        var patronId = (await _api.PatronAsync("C0001")).Id;
        await _api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(Notice.ForPatron("due-reminder:crash", NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);
    }

    [TearDown]
    public async Task StopApi()
    {
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_claimed_notice_is_not_claimed_twice_while_its_lease_lasts()
    {
        var first = await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await _store.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(1), CancellationToken.None);

        first.Count.ShouldBe(1);
        second.ShouldBeEmpty();
    }

    [Test]
    public async Task A_worker_whose_lease_ran_out_does_not_send_and_the_next_holder_sends_once()
    {
        var sender = _api.Services.GetRequiredService<OutboxSender>();
        var late = (await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMilliseconds(300), CancellationToken.None)).Single();
        await Task.Delay(400);

        await sender.SendAsync(late, "worker-a", CancellationToken.None);
        var taken = (await _store.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await sender.SendAsync(late, "worker-a", CancellationToken.None);
        await sender.SendAsync(taken, "worker-b", CancellationToken.None);

        taken.OutcomeUnknown.ShouldBeFalse("no request of worker A left");
        (await _database.StateAsync("due-reminder:crash")).ShouldBe("sent");
        (await _database.AttemptsAsync("due-reminder:crash")).Select(a => (a.Worker, a.Outcome)).ShouldBe([("worker-b", "success")]);
    }

    [Test]
    public async Task A_dead_worker_s_send_is_resent_soon_with_the_same_client_msg_id()
    {
        // Worker A claims and sends; WeChat accepts, but A dies before the answer comes back.
        var sender = _api.Services.GetRequiredService<OutboxSender>();
        var claimed = (await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        WeChat.Faults.Latency = TimeSpan.FromSeconds(1);
        try
        {
            using var dies = new CancellationTokenSource();
            var sending = sender.SendAsync(claimed, "worker-a", dies.Token);
            await Eventually.HoldsAsync(() => Task.FromResult(WeChat.Calls.Any(c => c.Body.Contains(ClientMsgId.For("due-reminder:crash"), StringComparison.Ordinal))),
                "the request reaches WeChat");
            await dies.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(() => sending);
            await Eventually.HoldsAsync(() => Task.FromResult(WeChat.Accepted.Any(m => m.ClientMsgId == ClientMsgId.For("due-reminder:crash"))),
                "WeChat accepts the first send");
        }
        finally
        {
            WeChat.Faults.Reset();
        }
        await ExpireLeasesAsync();

        var reclaimed = (await _store.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await sender.SendAsync(reclaimed, "worker-b", CancellationToken.None);

        reclaimed.OutcomeUnknown.ShouldBeTrue();
        reclaimed.Attempts.ShouldBe(2);
        (await _database.StateAsync("due-reminder:crash")).ShouldBe("sent");
        (await _database.AttemptsAsync("due-reminder:crash")).Select(a => (a.Worker, a.Outcome)).ShouldBe([("worker-a", "unknown"), ("worker-b", "success")]);
        var attempts = WeChat.Attempts.Where(a => a.ClientMsgId == ClientMsgId.For("due-reminder:crash")).ToList();
        attempts.Count.ShouldBe(2);
        WeChat.Accepted.Count(m => m.ClientMsgId == ClientMsgId.For("due-reminder:crash")).ShouldBe(1);
    }

    [Test]
    public async Task Past_wechat_s_window_an_unknown_outcome_goes_to_the_dead_letters_and_a_retry_warns()
    {
        // Worker A's request left and A stopped; WeChat's window has closed since.
        var claimed = (await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        (await _store.BeginAttemptAsync(claimed.Id, "worker-a", TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldNotBeNull();
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("update notifications set first_attempt_at = now() - interval '10 minutes', lease_until = now() - interval '1 second'");
        var staff = _api.ClientWith((await _api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);

        var swept = await _store.SweepUnknownOutcomesAsync(CancellationToken.None);
        var reclaim = await _store.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        var id = (await _database.NoticeAsync("due-reminder:crash"))!.Id;
        var unacknowledged = await staff.PostAsync(Url($"/api/v1/staff/outbox/notices/{id}/retry"), null);
        var acknowledged = await staff.PostAsync(Url($"/api/v1/staff/outbox/notices/{id}/retry?acknowledgeDuplicateRisk=true"), null);

        swept.ShouldBe(1);
        reclaim.ShouldBeEmpty();
        (await unacknowledged.ProblemTypeAsync()).ShouldBe("/problems/duplicate-risk");
        acknowledged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _database.StateAsync("due-reminder:crash")).ShouldBe("pending");
    }

    [Test]
    public async Task Notices_wait_out_quiet_hours_but_answers_to_readers_do_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        api.Settings["Notices:QuietHoursStart"] = local.AddHours(-1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        api.Settings["Notices:QuietHoursEnd"] = local.AddHours(1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await api.AddReadersAsync(Reader("C0009"));
        await api.ReaderTokensAsync("C0009", "oNightOwl00000000000000000001");
        var outbox = api.Services.GetRequiredService<INoticeOutbox>();
        var patronId = (await api.PatronAsync("C0009")).Id;

        var notice = await outbox.EnqueueAsync(Notice.ForPatron("due-reminder:night", NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);
        var reply = await outbox.EnqueueAsync(Notice.Reply("reply:night", "oNightOwl00000000000000000001", "您的续借已完成。"), CancellationToken.None);

        notice.ShouldBe(EnqueueResult.Held);
        reply.ShouldBe(EnqueueResult.Queued);
        await Eventually.HoldsAsync(async () => await database.StateAsync("reply:night") == "sent", "the reply is sent");
        var held = (await database.NoticeAsync("due-reminder:night"))!;
        held.State.ShouldBe("held");
        held.NotBefore.ShouldBeInRange(DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(61));
        await using (var connection = database.Open())
            await connection.ExecuteAsync("update notifications set not_before = now() - interval '1 second' where idempotency_key = 'due-reminder:night'");
        (await api.Services.GetRequiredService<OutboxStore>().ReleaseQuietHoursAsync(CancellationToken.None)).ShouldBe(1);
    }

    private async Task ExpireLeasesAsync()
    {
        await using var connection = _database.Open();
        await connection.ExecuteAsync("update notifications set lease_until = now() - interval '1 second' where state = 'sending'");
    }
}
