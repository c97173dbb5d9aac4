using WeChatLib.Domain.Audit;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>
/// Redis fails one step of a send before its request leaves the process. Nothing reached WeChat, so the notice is an
/// ordinary retry: never "outcome unknown", which could send it to the dead letters when the resend window closes.
/// </summary>
internal sealed class OutboxRedisOutageTests
{
    private const string Key = "due-reminder:redis-away:2026-11-28:3d";

    [TestCase("rate cell")]
    [TestCase("token read")]
    public async Task A_send_redis_stopped_before_its_request_left_is_retried_and_not_marked_outcome_unknown(string step)
    {
        // A Redis of this test's own behind that one step, not started yet: stopping the shared one would disturb others.
        var state = Path.Combine(Path.GetTempPath(), $"wechatlib-outbox-redis-{Guid.NewGuid():N}");
        var port = Ports.Free();
        using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", port } },
            AbortOnConnectFail = false,
            ConnectTimeout = 500,
            BacklogPolicy = BacklogPolicy.FailFast,
        });
        var away = redis.GetDatabase();
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services =>
            {
                if (step == "rate cell")
                    services.AddSingleton(provider => ActivatorUtilities.CreateInstance<SendRateLimiter>(provider, away));
                else
                    services.AddTransient(provider => ActivatorUtilities.CreateInstance<AccessTokenOwner>(provider, away));
            },
        };
        api.Settings["Outbox:LeaseSeconds"] = "1";
        try
        {
            await api.AddReadersAsync(Reader("C0001"));
            var patronId = (await api.PatronAsync("C0001")).Id;
            await api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, "oAway00000000000000000000001", BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
            await api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(Notice.ForPatron(Key, NoticeKind.DueReminder, patronId,
                new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" }), CancellationToken.None);

            await Eventually.HoldsAsync(async () => (await database.NoticeAsync(Key))?.Reason?.StartsWith("not sent", StringComparison.Ordinal) == true,
                "the send is put back for a retry");
            var retried = (await database.NoticeAsync(Key))!;
            retried.State.ShouldBe("pending");
            retried.OutcomeUnknown.ShouldBeFalse();
            retried.Attempts.ShouldBe(0);
            (await database.AttemptsAsync(Key)).ShouldBeEmpty();

            await Script.RunAsync("services.sh", "start-redis", state, port.ToString(CultureInfo.InvariantCulture));

            await Eventually.HoldsAsync(async () => await database.StateAsync(Key) == "sent", "the notice is sent once Redis is back", TimeSpan.FromSeconds(40));
            (await database.NoticeAsync(Key))!.OutcomeUnknown.ShouldBeFalse();
            (await database.AttemptsAsync(Key)).Select(a => a.Outcome).ShouldBe(["success"]);
        }
        finally
        {
            await Script.RunAsync("services.sh", "stop-redis", state);
            if (Directory.Exists(state))
                Directory.Delete(state, recursive: true);
        }
    }
}
