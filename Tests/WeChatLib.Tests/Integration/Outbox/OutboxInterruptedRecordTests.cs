using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>
/// A worker that stopped after recording how its request ended but before recording the notice's new state leaves a
/// notice 'sending' under an expired lease, every attempt ended. Driven by hand on a fake clock (no background workers
/// or jobs): what that attempt's outcome says decides, never "nothing is under way, send it again".
/// </summary>
internal sealed class OutboxInterruptedRecordTests
{
    private const string OpenId = "oInterrupted0000000000000001";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(2), TimeSpan.Zero));
    private string _key = "";
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private OutboxStore _store = null!;
    private OutboxSender _sender = null!;
    private CancellationTokenSource? _stopOnAnswer;

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
        // One key per test: the fake WeChat API, shared by every test, keeps every request it received.
        _key = $"due-reminder:interrupted:{Guid.NewGuid():N}";
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString, _fakes)
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddHttpClient<WeChatApiClient>(http => http.Timeout = TimeSpan.FromMilliseconds(500))
                    .AddHttpMessageHandler(() => new StopOnAnswer(() => _stopOnAnswer));
            },
        };
        _api.Settings["Outbox:WorkersEnabled"] = "false";
        _api.Settings["Jobs:Enabled"] = "false";
        await _api.AddReadersAsync(Reader("C0001"));
        var patronId = (await _api.PatronAsync("C0001")).Id;
        await _api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, OpenId, BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        await _api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(Notice.ForPatron(_key, NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);
        _store = _api.Services.GetRequiredService<OutboxStore>();
        _sender = _api.Services.GetRequiredService<OutboxSender>();
    }

    [TearDown]
    public async Task StopApi()
    {
        WeChat.Faults.Reset();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TestCase("claim")]
    [TestCase("sweep")]
    public async Task A_send_that_ended_in_success_but_was_never_recorded_as_sent_is_recorded_as_sent_and_never_resent(string path)
    {
        await SendOnceAsync();
        (await _database.AttemptsAsync(_key)).Select(a => a.Outcome).ShouldBe(["success"]);
        await StopBeforeTheNoticeIsRecordedAsync();

        _clock.Advance(TimeSpan.FromMinutes(2));
        await ResumeAsync(path);
        _clock.Advance(OutboxStore.ResendWindow);
        await ResumeAsync(path);
        _clock.Advance(TimeSpan.FromDays(1));
        await ResumeAsync("claim");

        (await _database.AttemptsAsync(_key)).Select(a => a.Outcome).ShouldBe(["success"], "the service let no second request leave");
        RequestsWeChatReceived().ShouldBe(1);
        var sent = (await _database.NoticeAsync(_key))!;
        sent.State.ShouldBe("sent");
        sent.WechatMsgid.ShouldBe(WeChat.Accepted.Single(m => m.ClientMsgId == ClientMsgId.For(_key)).MsgId, "delivery reports still find it");
    }

    [TestCase("claim")]
    [TestCase("sweep")]
    public async Task A_send_that_ended_with_an_unknown_outcome_but_was_never_recorded_is_not_resent_after_wechat_s_window(string path)
    {
        // WeChat takes longer to answer than the client waits: the attempt ends "unknown".
        WeChat.Faults.Latency = TimeSpan.FromSeconds(2);
        await SendOnceAsync();
        WeChat.Faults.Reset();
        (await _database.AttemptsAsync(_key)).Select(a => a.Outcome).ShouldBe(["unknown"]);
        await StopBeforeTheNoticeIsRecordedAsync();

        _clock.Advance(OutboxStore.ResendWindow);
        await ResumeAsync(path);
        _clock.Advance(TimeSpan.FromDays(1));
        await ResumeAsync("claim");

        (await _database.AttemptsAsync(_key)).Select(a => a.Outcome).ShouldBe(["unknown"], "the service let no second request leave");
        RequestsWeChatReceived().ShouldBe(1);
        var dead = (await _database.NoticeAsync(_key))!;
        dead.State.ShouldBe("dead");
        dead.OutcomeUnknown.ShouldBeTrue();
        dead.Reason!.ShouldStartWith("outcome unknown");
    }

    [Test]
    public async Task A_send_wechat_accepted_is_recorded_as_sent_even_when_the_service_begins_to_stop_as_the_answer_arrives()
    {
        using var stopping = new CancellationTokenSource();
        _stopOnAnswer = stopping;
        var claimed = (await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();

        await _sender.SendAsync(claimed, "worker-a", stopping.Token);

        stopping.IsCancellationRequested.ShouldBeTrue("the service began to stop once WeChat had answered");
        (await _database.AttemptsAsync(_key)).Select(a => a.Outcome).ShouldBe(["success"]);
        (await _database.StateAsync(_key)).ShouldBe("sent");
    }

    private async Task SendOnceAsync()
    {
        var claimed = (await _store.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await _sender.SendAsync(claimed, "worker-a", CancellationToken.None);
    }

    // The attempt's end is written; the notice's own row stays as the claim left it, the lease running out.
    private async Task StopBeforeTheNoticeIsRecordedAsync()
    {
        await using var connection = _database.Open();
        await connection.ExecuteAsync("""
            update notifications
            set state = 'sending', leased_by = 'worker-a', outcome_unknown = false, reason = null, sent_at = null, wechat_msgid = null,
                lease_until = @leaseUntil
            where idempotency_key = @key
            """, new { key = _key, leaseUntil = _clock.GetUtcNow().AddSeconds(30) });
    }

    // Another worker's claim (and the send of what it claims), or the sweep job.
    private async Task ResumeAsync(string path)
    {
        if (path == "sweep")
        {
            await _store.SweepUnknownOutcomesAsync(CancellationToken.None);
            return;
        }
        foreach (var item in await _store.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(1), CancellationToken.None))
            await _sender.SendAsync(item, "worker-b", CancellationToken.None);
    }

    // Every request that reached the fake with this notice's client_msg_id, counted as it arrived (not its dedupe).
    private int RequestsWeChatReceived() =>
        WeChat.Calls.Count(c => c.Path == "/cgi-bin/message/template/send" && c.Body.Contains(ClientMsgId.For(_key), StringComparison.Ordinal));

    // The service begins to stop just as WeChat's answer to a send arrives, after the answer has been read.
    private sealed class StopOnAnswer(Func<CancellationTokenSource?> stopping) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.Contains("/message/", StringComparison.Ordinal) && stopping() is { } source)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                await source.CancelAsync();
            }
            return response;
        }
    }
}
