using System.Diagnostics;
using Dapper;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>
/// Two service processes share 2,000 notices while WeChat answers 5% of sends "system busy", and one process is
/// killed with SIGKILL mid-run. Every notice must reach WeChat exactly once, and every resend must carry its key's
/// client_msg_id, so that WeChat can drop what it has already delivered.
/// </summary>
internal sealed class OutboxCrashTests
{
    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    private const int Notices = 2000;

    [Test]
    public async Task Two_thousand_notices_survive_a_killed_worker_with_none_lost_and_every_resend_under_its_own_client_msg_id()
    {
        var weChat = WeChat;
        await using var database = await TestDatabase.CreateAsync();
        var settings = new ApiFactory(database.ConnectionString, _fakes).Settings;
        settings["Outbox:LeaseSeconds"] = "3";
        settings["Outbox:Parallelism"] = "16";
        settings["Outbox:MaxSendsPerSecond"] = "100000";
        settings["Logging:LogLevel:Default"] = "Warning";
        var (migrated, _, migrateError) = await ApiProcess.RunAsync(["migrate"], settings);
        migrated.ShouldBe(0, migrateError);
        await using (var connection = database.Open())
            await connection.ExecuteAsync("""
                insert into notifications (idempotency_key, kind, channel, openid, fields)
                select 'crash-test:' || i, 'due-reminder', 'template', 'oCrash' || lpad(i::text, 22, '0'),
                       jsonb_build_object('title', '书' || i, 'dueDate', '2026-11-28', 'barcode', 'B' || i)
                from generate_series(1, @Notices) as i
                """, new { Notices });
        weChat.Faults.BusyRate = 0.05;
        var processes = new List<Process>();
        try
        {
            processes.Add(ApiProcess.StartServing(settings));
            processes.Add(ApiProcess.StartServing(settings));

            await Eventually.HoldsAsync(async () => await Sent(database) >= Notices / 5, "a fifth is sent", TimeSpan.FromSeconds(60));
            processes[0].Kill();
            var sentAtKill = await Sent(database);
            await Eventually.HoldsAsync(async () => await Sent(database) == Notices, "every notice is sent", TimeSpan.FromSeconds(120));

            sentAtKill.ShouldBeLessThan(Notices, "the kill came mid-run");
            var expected = Enumerable.Range(1, Notices).ToDictionary(i => $"oCrash{i:D22}", i => ClientMsgId.For($"crash-test:{i}"));
            var accepted = weChat.Accepted.Where(m => m.ToUser.StartsWith("oCrash", StringComparison.Ordinal)).ToList();
            accepted.Count.ShouldBe(Notices);
            accepted.Select(m => m.ClientMsgId).Distinct().Count().ShouldBe(Notices);
            var attempts = weChat.Attempts.Where(a => a.ToUser?.StartsWith("oCrash", StringComparison.Ordinal) == true).ToList();
            attempts.Count.ShouldBeGreaterThan(Notices, "busy answers made resends");
            attempts.ShouldAllBe(a => a.ClientMsgId == expected[a.ToUser!]);
        }
        finally
        {
            weChat.Faults.Reset();
            foreach (var process in processes.Where(p => !p.HasExited))
                process.Kill();
            foreach (var process in processes)
            {
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    private static async Task<int> Sent(TestDatabase database)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from notifications where state = 'sent'");
    }
}
