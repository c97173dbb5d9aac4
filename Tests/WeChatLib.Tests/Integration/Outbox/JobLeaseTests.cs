using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Jobs;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

internal sealed class JobLeaseTests
{
    // A two-second lease in real time, kept only by the heartbeat. The lease is read from inside the run, four seconds
    // after it started, so a busy machine delaying the test's own thread cannot read it between two runs.
    [NonParallelizable]
    [Test]
    public async Task A_job_running_longer_than_its_interval_and_its_lease_runs_once_at_a_time_across_instances_and_renews_its_lease()
    {
        await using var database = await TestDatabase.CreateAsync();
        (string? RunningBy, bool Live)? leaseMidRun = null;
        // Due again 200 ms after each start, running 5 s: two and a half times its two-second lease.
        var job = new RecordingJob("test.slow", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5))
        {
            Midway = (TimeSpan.FromSeconds(4), async () =>
            {
                await using var connection = database.Open();
                leaseMidRun ??= await connection.QuerySingleAsync<(string? RunningBy, bool Live)>(
                    "select running_by, running_until > now() from scheduled_jobs where name = @name", new { name = "test.slow" });
            }),
        };
        await using var first = Instance(database, job);
        await using var second = Instance(database, job);
        _ = first.Services;
        _ = second.Services;
        await Due(database, job.Name);

        await Eventually.HoldsAsync(() => Task.FromResult(job.Finished >= 2), "the slow job has run twice", TimeSpan.FromSeconds(30));

        leaseMidRun.ShouldNotBeNull();
        leaseMidRun.Value.RunningBy.ShouldNotBeNull("the running instance holds the lease");
        leaseMidRun.Value.Live.ShouldBeTrue("four seconds into the run, a two-second lease is still held only if the heartbeat renewed it");
        job.MostAtOnce.ShouldBe(1);
    }

    [Test]
    public async Task A_long_running_job_does_not_delay_another_job()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Far longer than the test: it is stopped with the service.
        var slow = new RecordingJob("test.slow", TimeSpan.FromHours(1), TimeSpan.FromSeconds(60));
        var quick = new RecordingJob("test.quick", TimeSpan.FromMilliseconds(100), TimeSpan.Zero);
        await using var api = Instance(database, slow, quick);
        _ = api.Services;
        await Due(database, slow.Name);
        await Eventually.HoldsAsync(() => Task.FromResult(slow.Running > 0), "the slow job starts");
        var before = quick.Started;

        await Task.Delay(TimeSpan.FromSeconds(3));

        slow.Running.ShouldBe(1, "the slow job is still on its first run");
        (quick.Started - before).ShouldBeGreaterThanOrEqualTo(3, "the quick job keeps running meanwhile");
    }

    [Test]
    public async Task A_job_whose_instance_died_while_running_it_runs_again_once_its_lease_has_run_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = new RecordingJob("test.once", TimeSpan.FromHours(1), TimeSpan.Zero);
        await using var api = Instance(database, job);
        _ = api.Services;
        await using var connection = database.Open();
        // The claim had already moved the next occurrence on when the instance running it died.
        await connection.ExecuteAsync("""
            insert into scheduled_jobs (name, next_run_at, running_by, running_until)
            values (@name, now() + interval '1 hour', 'gone:1', now() - interval '1 minute')
            on conflict (name) do update
            set next_run_at = excluded.next_run_at, running_by = excluded.running_by, running_until = excluded.running_until
            """, new { name = job.Name });

        await Eventually.HoldsAsync(() => Task.FromResult(job.Started > 0), "the interrupted occurrence runs again");
        await Task.Delay(1500);

        job.Started.ShouldBe(1);
        (await connection.QuerySingleAsync<string?>("select running_by from scheduled_jobs where name = @name", new { name = job.Name }))
            .ShouldBeNull("a finished run gives its lease back");
    }

    [Test]
    public async Task A_job_leased_by_another_running_instance_is_not_started_until_that_lease_runs_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = new RecordingJob("test.leased", TimeSpan.FromHours(1), TimeSpan.Zero);
        await using var api = Instance(database, job);
        _ = api.Services;
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into scheduled_jobs (name, next_run_at, running_by, running_until)
            values (@name, now() - interval '1 minute', 'other:1', now() + interval '1 hour')
            on conflict (name) do update
            set next_run_at = excluded.next_run_at, running_by = excluded.running_by, running_until = excluded.running_until
            """, new { name = job.Name });

        await Task.Delay(2000);
        job.Started.ShouldBe(0, "another instance holds the job's lease");

        await connection.ExecuteAsync("update scheduled_jobs set running_until = now() - interval '1 second' where name = @name", new { name = job.Name });
        await Eventually.HoldsAsync(() => Task.FromResult(job.Started == 1), "the job runs once the lease has run out");
    }

    [Test]
    public async Task A_job_that_failed_is_due_again_after_the_pause_not_at_its_next_occurrence()
    {
        await using var database = await TestDatabase.CreateAsync();
        var job = new FailingOnceJob();
        await using var api = Instance(database, job);
        api.Settings["Jobs:RetryAfterFailureSeconds"] = "1";
        _ = api.Services;
        await Due(database, job.Name);

        await Eventually.HoldsAsync(() => Task.FromResult(job.Runs >= 2), "the job runs again after failing", TimeSpan.FromSeconds(10));

        await using var connection = database.Open();
        var row = await connection.QuerySingleAsync<(string? LastError, DateTime NextRunAt)>(
            "select last_error, next_run_at from scheduled_jobs where name = @name", new { name = job.Name });
        row.LastError.ShouldBeNull("the second run succeeded");
        row.NextRunAt.ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(50), "then the job keeps its own schedule");
    }

    // A short lease, so that a lost one shows within a test; long enough that a busy machine's heartbeat keeps it.
    private static ApiFactory Instance(TestDatabase database, params IScheduledJob[] jobs)
    {
        var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services =>
            {
                foreach (var job in jobs)
                    services.AddSingleton(job);
            },
        };
        api.Settings["Jobs:LeaseSeconds"] = "2";
        return api;
    }

    private static async Task Due(TestDatabase database, string name)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into scheduled_jobs (name, next_run_at) values (@name, now() - interval '1 second')
            on conflict (name) do update set next_run_at = excluded.next_run_at
            """, new { name });
    }

    /// <summary>Hourly; its first run fails.</summary>
    private sealed class FailingOnceJob : IScheduledJob
    {
        private int _runs;

        public int Runs => _runs;

        public string Name => "test.failing-once";

        public DateTimeOffset NextRunAfter(DateTimeOffset now) => now.AddHours(1);

        public Task RunAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _runs) == 1 ? throw new InvalidOperationException("a deadlock, say") : Task.CompletedTask;
    }

    private sealed class RecordingJob(string name, TimeSpan every, TimeSpan takes) : IScheduledJob
    {
        private int _started;
        private int _finished;
        private int _running;
        private int _mostAtOnce;

        public int Started => _started;

        public int Finished => _finished;

        public int Running => _running;

        public int MostAtOnce => _mostAtOnce;

        /// <summary>Called once per run, this long after it started.</summary>
        public (TimeSpan After, Func<Task> Probe)? Midway { get; init; }

        public string Name => name;

        public DateTimeOffset NextRunAfter(DateTimeOffset now) => now + every;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            var running = Interlocked.Increment(ref _running);
            int most;
            while ((most = _mostAtOnce) < running && Interlocked.CompareExchange(ref _mostAtOnce, running, most) != most)
            {
            }
            try
            {
                if (Midway is var (after, probe))
                {
                    await Task.Delay(after, cancellationToken);
                    await probe();
                    await Task.Delay(takes - after, cancellationToken);
                }
                else
                {
                    await Task.Delay(takes, cancellationToken);
                }
                Interlocked.Increment(ref _finished);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}
