using WeChatLib.Domain.Audit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Outbox;
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

    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

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
            (await Count(database, "select count(distinct split_part(worker, '/', 1)) from notification_attempts")).ShouldBe(2, "both instances sent");
        }
        finally
        {
            WeChat.Faults.Reset();
        }
    }

    [Test]
    public async Task An_instance_s_two_batches_hold_their_notices_under_leases_of_their_own()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Outbox:Batches"] = "2";
        api.Settings["Outbox:BatchSize"] = "2";
        api.Settings["Outbox:Parallelism"] = "1";
        await api.AddReadersAsync(Reader("C0001"));
        var patronId = (await api.PatronAsync("C0001")).Id;
        await api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, "oLane00000000000000000000001", BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        WeChat.Faults.Latency = TimeSpan.FromMilliseconds(700);
        try
        {
            var outbox = api.Services.GetRequiredService<INoticeOutbox>();
            await Task.WhenAll(Enumerable.Range(1, 8).Select(i => outbox.EnqueueAsync(Notice.ForPatron($"due-reminder:lane-{i}:2026-11-28:3d",
                NoticeKind.DueReminder, patronId, new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = $"B{i}" }),
                CancellationToken.None)));

            // Were both batches one lease holder, a notice one lost to a lapsed lease would still pass as the other's.
            await Eventually.HoldsAsync(async () => await Count(database, "select count(distinct leased_by) from notifications where state = 'sending'") == 2,
                "two batches are out at once");
            (await Count(database, "select count(distinct split_part(leased_by, '/', 1)) from notifications where leased_by is not null")).ShouldBe(1,
                "one instance");
            await Eventually.HoldsAsync(async () => await Count(database, "select count(*) from notifications where state = 'sent'") == 8,
                "every notice is sent", TimeSpan.FromSeconds(30));
        }
        finally
        {
            WeChat.Faults.Reset();
        }
    }

    [Test]
    public async Task A_request_that_starts_later_than_its_batch_s_lease_surely_covers_checks_the_lease_again_with_an_attempt_of_its_own()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Outbox:WorkersEnabled"] = "false";
        api.Settings["Outbox:LeaseSeconds"] = "1";
        await api.AddReadersAsync(Reader("C0001"));
        var patronId = (await api.PatronAsync("C0001")).Id;
        await api.Services.GetRequiredService<IBindingStore>().LinkAsync(patronId, "oLate00000000000000000000001", BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        var outbox = api.Services.GetRequiredService<INoticeOutbox>();
        foreach (var i in Enumerable.Range(1, 3))
            await outbox.EnqueueAsync(Notice.ForPatron($"due-reminder:late-{i}:2026-11-28:3d", NoticeKind.DueReminder, patronId,
                new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = $"B{i}" }), CancellationToken.None);
        var batch = await api.Services.GetRequiredService<OutboxStore>().ClaimAsync("worker-a", 3, TimeSpan.FromSeconds(1), CancellationToken.None);
        WeChat.Faults.Latency = TimeSpan.FromMilliseconds(700);
        try
        {
            // One at a time, each request taking most of the lease: the third starts after it.
            await api.Services.GetRequiredService<OutboxSender>().SendBatchAsync(batch, "worker-a", parallelism: 1, CancellationToken.None);
        }
        finally
        {
            WeChat.Faults.Reset();
        }

        await using var connection = database.Open();
        var attempts = (await connection.QueryAsync<(long Notice, DateTime StartedAt, string Outcome)>(
            "select notification_id, started_at, outcome from notification_attempts order by started_at")).ToList();
        attempts.Count.ShouldBe(3, "one attempt per request: the batch's unused ones were forgotten");
        attempts.ShouldAllBe(a => a.Outcome == "success");
        (attempts[2].StartedAt - attempts[0].StartedAt).ShouldBeGreaterThan(TimeSpan.FromSeconds(1.2), "the late request recorded its own attempt as it left");
        (await Count(database, "select count(*) from notifications where state = 'sent'")).ShouldBe(3);
    }

    private ApiFactory Instance(TestDatabase database)
    {
        var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Outbox:LeaseSeconds"] = "1";
        return api;
    }

    private static async Task<int> Count(TestDatabase database, string sql)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
