using WeChatLib.Domain.Audit;
using Dapper;
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
/// WeChat drops a repeated client_msg_id for about ten minutes only, so a notice whose send may have reached it is
/// resent inside that window or never. The service runs its real workers and jobs on a fake clock the test moves on.
/// </summary>
internal sealed class OutboxResendWindowTests
{
    private const string OpenId = "oWindow000000000000000000001";
    private const string Key = "due-reminder:window:2026-11-28:3d";

    // 10:00 in Beijing: the daily quota resets at midnight, 14 hours later, far past the window.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(2), TimeSpan.Zero));
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;

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
        _api = new ApiFactory(_database.ConnectionString, _fakes)
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                // A request WeChat is slow to answer times out quickly: its outcome is unknown.
                services.AddHttpClient<WeChatApiClient>(http => http.Timeout = TimeSpan.FromMilliseconds(500));
            },
        };
        await _api.AddReadersAsync(Reader("C0001"));
        var patronId = (await _api.PatronAsync("C0001")).Id;
        await _api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, OpenId, BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        await _api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(Notice.ForPatron(Key, NoticeKind.DueReminder, patronId,
            new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);
    }

    [TearDown]
    public async Task StopApi()
    {
        WeChat.Faults.Reset();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_send_answered_with_a_gateway_error_is_never_resent_once_wechat_s_window_has_closed()
    {
        // WeChat's front end answers 504 to the first request, which WeChat itself may have delivered.
        var receivedBefore = RequestsWeChatReceived();
        WeChat.Faults.Status = 504;
        WeChat.Faults.StatusAnswers = 1;
        await _clock.RunUntilAsync(async () => await _database.AttemptsAsync(Key) is [{ EndedAt: not null }, ..] && await _database.StateAsync(Key) != "sending",
            "the first send is answered", TimeSpan.FromMilliseconds(100));

        _clock.Advance(OutboxStore.ResendWindow);
        await _clock.RunForAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        (await _database.AttemptsAsync(Key)).Select(a => a.Outcome).ShouldBe(["unknown"], "no send after WeChat's window closed");
        (RequestsWeChatReceived() - receivedBefore).ShouldBe(1);
        var notice = (await _database.NoticeAsync(Key))!;
        notice.State.ShouldBe("dead");
        notice.OutcomeUnknown.ShouldBeTrue();
        notice.Reason!.ShouldStartWith("outcome unknown");
        await using var connection = _database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from notifications where state = 'dead'")).ShouldBe(1);
    }

    [Test]
    public async Task A_send_that_timed_out_is_never_resent_once_a_quota_pause_outlasts_wechat_s_window()
    {
        WeChat.Faults.Latency = TimeSpan.FromSeconds(2);
        await _clock.RunUntilAsync(async () => await _database.AttemptsAsync(Key) is [{ Outcome: "unknown" }] && await _database.StateAsync(Key) == "pending",
            "the first send times out", TimeSpan.FromMilliseconds(100));

        // The resend, inside the window, meets the spent daily quota: sending pauses until the reset, hours away.
        WeChat.Faults.Latency = TimeSpan.Zero;
        WeChat.Faults.QuotaAfter = 0;
        await _clock.RunUntilAsync(async () => await _database.AttemptsAsync(Key) is [_, { Outcome: "quota" }] && await _database.StateAsync(Key) != "sending",
            "the resend meets the spent quota", TimeSpan.FromSeconds(1));
        var pausedUntil = await _api.Services.GetRequiredService<WeChatAlarms>().QuotaPausedUntilAsync();
        pausedUntil.ShouldNotBeNull();
        WeChat.Faults.Reset();
        _clock.Advance(pausedUntil.Value - _clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await _clock.RunForAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        (await _database.AttemptsAsync(Key)).Count.ShouldBe(2, "no send after WeChat's window closed");
        var notice = (await _database.NoticeAsync(Key))!;
        notice.State.ShouldBe("dead");
        notice.OutcomeUnknown.ShouldBeTrue();
        notice.Reason!.ShouldStartWith("outcome unknown");
        await using var connection = _database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from notifications where state = 'dead'")).ShouldBe(1);
    }

    // Every request that reached the fake with this notice's client_msg_id, counted as it arrived (not its dedupe).
    private int RequestsWeChatReceived() =>
        WeChat.Calls.Count(c => c.Path == "/cgi-bin/message/template/send" && c.Body.Contains(ClientMsgId.For(Key), StringComparison.Ordinal));
}
