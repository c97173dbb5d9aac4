using WeChatLib.Domain.Audit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>
/// Two instances' workers share the outbox while WeChat answers each send more slowly than a lease lasts. A worker
/// sends only while it holds the notice, so each notice leaves once, as the service's own attempt records count.
/// </summary>
internal sealed class OutboxLeaseTests
{
    private const int Notices = 40;

    private static WeChatLib.Fakes.FakeWeChatApi WeChat => TestHost.Fakes.WeChat;

    [Test]
    public async Task Two_workers_with_wechat_slower_than_the_lease_send_each_notice_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var second = Instance(database);
        await first.AddReadersAsync(Reader("C0001"));
        var patronId = (await first.PatronAsync("C0001")).Id;
        await first.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, "oSlow00000000000000000000001", BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        _ = second.Services;
        WeChat.Faults.Latency = TimeSpan.FromMilliseconds(1500);
        try
        {
            var outbox = first.Services.GetRequiredService<INoticeOutbox>();
            await Task.WhenAll(Enumerable.Range(1, Notices).Select(i => outbox.EnqueueAsync(Notice.ForPatron($"due-reminder:slow-{i}:2026-11-28:3d",
                NoticeKind.DueReminder, patronId, new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = $"B{i}" }),
                CancellationToken.None)));

            await Eventually.HoldsAsync(async () => await Count(database, "select count(*) from notifications where state = 'sent'") == Notices,
                "every notice is sent", TimeSpan.FromSeconds(90));
            // A send still under way would be recorded by now.
            await Task.Delay(WeChat.Faults.Latency * 2);

            await using var connection = database.Open();
            var sends = (await connection.QueryAsync<int>("""
                select count(a.id) from notifications n left join notification_attempts a on a.notification_id = n.id group by n.id
                """)).ToList();
            sends.Count.ShouldBe(Notices);
            sends.ShouldAllBe(count => count == 1);
            (await Count(database, "select count(distinct worker) from notification_attempts")).ShouldBe(2, "both workers sent");
        }
        finally
        {
            WeChat.Faults.Reset();
        }
    }

    private static ApiFactory Instance(TestDatabase database)
    {
        var api = new ApiFactory(database.ConnectionString);
        api.Settings["Outbox:LeaseSeconds"] = "1";
        return api;
    }

    private static async Task<int> Count(TestDatabase database, string sql)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
