using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Runs the scheduled jobs, cluster-safe through PostgreSQL. An instance runs an occurrence only if its single UPDATE
/// moved the job's <c>next_run_at</c> forward and took the job's lease, which exactly one instance can do; a heartbeat
/// renews the lease while the job runs, so no instance starts it again meanwhile, however long it takes. A lease that
/// ran out means its instance died: the occurrence runs again elsewhere (jobs are idempotent). Each job runs on its
/// own, so a long run never delays another job. A run missed while the service was down runs once when it returns.
/// </summary>
public sealed class JobScheduler(NpgsqlDataSource dataSource, IEnumerable<IScheduledJob> jobs, IOptions<JobOptions> options,
    TimeProvider time, ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly ConcurrentDictionary<string, Task> _running = new();

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var all = jobs.ToList();
        var registered = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Once per start (retried while PostgreSQL is away), not on every pass.
                    registered = registered || await RegisterAsync(all, stoppingToken);
                    foreach (var job in all)
                    {
                        // A job still running here is not claimed again; the others are claimed without waiting for it.
                        if (_running.TryGetValue(job.Name, out var running) && !running.IsCompleted)
                            continue;
                        if (await ClaimAsync(job, stoppingToken))
                            _running[job.Name] = Task.Run(() => RunAsync(job, stoppingToken), CancellationToken.None);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Job scheduler pass failed");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(_running.Values);
    }

    private async Task<bool> RegisterAsync(IReadOnlyList<IScheduledJob> all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var job in all)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into scheduled_jobs (name, next_run_at) values (@name, @first) on conflict (name) do nothing",
                new { name = job.Name, first = job.NextRunAfter(now) }, cancellationToken: cancellationToken));
        }
        return true;
    }

    // Due, and no live lease: either the occurrence has come, or the instance that was running it stopped renewing.
    private async Task<bool> ClaimAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update scheduled_jobs
            set next_run_at = @next, last_run_at = @now, last_run_by = @instance, running_by = @instance, running_until = @until
            where name = @name
              and (running_until is null or running_until <= @now)
              and (next_run_at <= @now or running_by is not null)
            """, new { name = job.Name, next = job.NextRunAfter(now), now, until = now + Lease, instance = _instance },
            cancellationToken: cancellationToken)) == 1;
    }

    private async Task RunAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var beating = HeartbeatAsync(job, run, heartbeat.Token);
        string? error = null;
        try
        {
            await job.RunAsync(run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            error = stoppingToken.IsCancellationRequested ? "stopped with the service" : "lease lost";
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} failed", job.Name);
            error = e.Message;
        }
        await heartbeat.CancelAsync();
        await beating;
        WeChatLibMetrics.JobRan(job.Name, error is null);
        try
        {
            await ReleaseAsync(job, error, interrupted: run.IsCancellationRequested);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The lease runs out on its own: the occurrence then runs again, which a job is built to bear.
            logger.LogWarning(e, "Job {Job} could not release its lease", job.Name);
        }
    }

    // Renews the lease every third of its length; a lease found taken by another instance stops this run.
    private async Task HeartbeatAsync(IScheduledJob job, CancellationTokenSource run, CancellationToken cancellationToken)
    {
        var every = Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, cancellationToken);
                try
                {
                    var now = time.GetUtcNow();
                    await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                    var renewed = await connection.ExecuteAsync(new CommandDefinition(
                        "update scheduled_jobs set running_until = @until where name = @name and running_by = @instance",
                        new { name = job.Name, until = now + Lease, instance = _instance }, cancellationToken: cancellationToken));
                    if (renewed == 0)
                    {
                        logger.LogWarning("Job {Job} lost its lease to another instance: this run stops", job.Name);
                        await run.CancelAsync();
                        return;
                    }
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    // Tried again at the next beat; the lease lasts three beats.
                    logger.LogWarning(e, "Job {Job} could not renew its lease", job.Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // A finished run gives the lease back; one stopped half-way lets it run out at once, so that another instance
    // runs the occurrence again without waiting; one that failed is due again after a pause (a day's scan that met a
    // deadlock at 09:00 must not wait for tomorrow).
    private async Task ReleaseAsync(IScheduledJob job, string? error, bool interrupted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(interrupted
                ? "update scheduled_jobs set running_until = @now, last_error = @error where name = @name and running_by = @instance"
                : """
                  update scheduled_jobs set running_by = null, running_until = null, last_error = @error,
                      next_run_at = case when @failed then least(next_run_at, @retryAt) else next_run_at end
                  where name = @name and running_by = @instance
                  """,
            new
            {
                name = job.Name, error, now, instance = _instance, failed = error is not null,
                retryAt = now.AddSeconds(options.Value.RetryAfterFailureSeconds),
            }, cancellationToken: timeout.Token));
    }
}

/// <summary>The <c>Jobs</c> section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How long a running job is its instance's own without a heartbeat; renewed every third of it.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How long after a failed run its job is due again (unless its next occurrence comes sooner).</summary>
    public int RetryAfterFailureSeconds { get; set; } = 300;
}
