using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Jobs;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

internal sealed class JobSchedulerTests
{
    [Test]
    public async Task A_job_missed_while_down_runs_once_on_two_instances()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = new CountingJob();
        await using var first = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<IScheduledJob>(job) };
        await using var second = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<IScheduledJob>(job) };
        _ = first.Services;
        await using (var connection = database.Open())
            await connection.ExecuteAsync("""
                insert into scheduled_jobs (name, next_run_at) values ('test.counting', now() - interval '3 hours')
                on conflict (name) do update set next_run_at = excluded.next_run_at
                """);

        _ = second.Services;
        await Eventually.HoldsAsync(() => Task.FromResult(job.Runs > 0), "the job runs");
        await Task.Delay(1500);

        job.Runs.ShouldBe(1);
        await using var check = database.Open();
        (await check.QuerySingleAsync<DateTime>("select next_run_at from scheduled_jobs where name = 'test.counting'")).ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(50));
    }

    private sealed class CountingJob : IScheduledJob
    {
        private int _runs;

        public int Runs => _runs;

        public string Name => "test.counting";

        public DateTimeOffset NextRunAfter(DateTimeOffset now) => now.AddHours(1);

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.CompletedTask;
        }
    }
}
