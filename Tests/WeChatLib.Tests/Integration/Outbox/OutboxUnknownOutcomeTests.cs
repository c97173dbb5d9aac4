using WeChatLib.Domain.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>
/// Each way a notice can go back to WeChat after a send whose outcome is unknown, driven by hand on a fake clock (no
/// background workers or jobs): once WeChat's dedupe window since the first attempt has closed, every one of them
/// sends the notice to the dead letters instead.
/// </summary>
internal sealed class OutboxUnknownOutcomeTests
{
    private const string Key = "due-reminder:unknown:2026-11-28:3d";
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(2), TimeSpan.Zero));
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private OutboxStore _store = null!;

    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    [SetUp]
    public async Task FirstSendTimesOut()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString, _fakes)
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddHttpClient<WeChatApiClient>(http => http.Timeout = TimeSpan.FromMilliseconds(500));
            },
        };
        _api.Settings["Outbox:WorkersEnabled"] = "false";
        _api.Settings["Jobs:Enabled"] = "false";
        await _api.AddReadersAsync(Reader("C0001"));
        var patronId = (await _api.PatronAsync("C0001")).Id;
        await _api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, "oUnknown00000000000000000001", BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        await _api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(Notice.ForPatron(Key, NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);
        _store = _api.Services.GetRequiredService<OutboxStore>();

        WeChat.Faults.Latency = TimeSpan.FromSeconds(2);
        try
        {
            var first = (await _store.ClaimAsync("worker-a", 10, LongLease, CancellationToken.None)).Single();
            await _api.Services.GetRequiredService<OutboxSender>().SendAsync(first, "worker-a", CancellationToken.None);
        }
        finally
        {
            WeChat.Faults.Reset();
        }
        var queued = (await _database.NoticeAsync(Key))!;
        queued.State.ShouldBe("pending");
        queued.OutcomeUnknown.ShouldBeTrue();
    }

    [TearDown]
    public async Task StopApi()
    {
        WeChat.Faults.Reset();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TestCase("claim after a restart")]
    [TestCase("claim of a stopped worker's lease")]
    [TestCase("retry after a busy answer")]
    [TestCase("pause for the daily quota")]
    [TestCase("hold for quiet hours")]
    [TestCase("retry of a send stopped before its request left")]
    [TestCase("last check before the request leaves")]
    [TestCase("sweep")]
    public async Task Past_wechat_s_window_a_notice_whose_outcome_is_unknown_goes_to_the_dead_letters_from_every_path(string path)
    {
        var window = OutboxStore.ResendWindow;
        switch (path)
        {
            case "claim after a restart":
                _clock.Advance(window);
                (await Claim()).ShouldBeEmpty();
                break;
            case "claim of a stopped worker's lease":
                // Worker B resends in time, its request leaves, and B stops; the lease runs out after the window.
                _clock.Advance(TimeSpan.FromSeconds(20));
                var resent = (await Claim()).Single();
                (await _store.BeginAttemptAsync(resent.Id, "worker-b", TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldNotBeNull();
                _clock.Advance(window);
                (await Claim()).ShouldBeEmpty();
                break;
            case "retry after a busy answer":
                _clock.Advance(TimeSpan.FromSeconds(20));
                await _store.RetryLaterAsync((await Claim()).Single().Id, "worker-b", "-1 system error", window, 8, CancellationToken.None);
                break;
            case "pause for the daily quota":
                _clock.Advance(TimeSpan.FromSeconds(20));
                await _store.HoldAsync((await Claim()).Single().Id, "worker-b", "pending", "daily quota reached (45009)", _clock.GetUtcNow().AddHours(14), CancellationToken.None);
                break;
            case "hold for quiet hours":
                _clock.Advance(TimeSpan.FromSeconds(20));
                await _store.HoldAsync((await Claim()).Single().Id, "worker-b", "held", OutboxStore.QuietHoursReason, _clock.GetUtcNow().AddHours(8), CancellationToken.None);
                break;
            case "retry of a send stopped before its request left":
                _clock.Advance(window - TimeSpan.FromSeconds(2));
                await _store.NotSentAsync((await Claim()).Single().Id, "worker-b", "RedisConnectionException", TimeSpan.FromSeconds(5), CancellationToken.None);
                break;
            case "last check before the request leaves":
                // Claimed in time, then kept waiting (the send rate, a token refresh) until the window closed.
                _clock.Advance(TimeSpan.FromSeconds(20));
                var waiting = (await Claim()).Single();
                _clock.Advance(window);
                (await _store.BeginAttemptAsync(waiting.Id, "worker-b", TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldBeNull();
                break;
            case "sweep":
                _clock.Advance(window);
                (await _store.SweepUnknownOutcomesAsync(CancellationToken.None)).ShouldBe(1);
                break;
        }

        var dead = (await _database.NoticeAsync(Key))!;
        dead.State.ShouldBe("dead");
        dead.OutcomeUnknown.ShouldBeTrue();
        dead.Reason!.ShouldStartWith("outcome unknown");
        _clock.Advance(TimeSpan.FromDays(1));
        (await Claim()).ShouldBeEmpty();
        (await _database.AttemptsAsync(Key)).ShouldAllBe(a => a.Outcome == "unknown");
    }

    private Task<IReadOnlyList<OutboxItem>> Claim() => _store.ClaimAsync("worker-b", 10, LongLease, CancellationToken.None);
}
