using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Runs the scheduled jobs, cluster-safe through PostgreSQL: an instance runs an occurrence only if its single
/// UPDATE moved the job's <c>next_run_at</c> forward, which exactly one instance can do. A run missed while the
/// service was down is due at once when it returns, and runs once, not once per missed occurrence.
/// </summary>
public sealed class JobScheduler(NpgsqlDataSource dataSource, IEnumerable<IScheduledJob> jobs, IOptions<JobOptions> options,
    TimeProvider time, ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var all = jobs.ToList();
        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Once per start (retried while PostgreSQL is away), not on every pass.
                registered = registered || await RegisterAsync(all, stoppingToken);
                foreach (var job in all)
                {
                    if (await ClaimAsync(job, stoppingToken))
                        await RunAsync(job, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Job scheduler pass failed");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), time, stoppingToken);
        }
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

    private async Task<bool> ClaimAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update scheduled_jobs set next_run_at = @next, last_run_at = @now, last_run_by = @instance
            where name = @name and next_run_at <= @now
            """, new { name = job.Name, next = job.NextRunAfter(now), now, instance = _instance }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task RunAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            await job.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Job {Job} failed", job.Name);
            error = e.Message;
        }
        WeChatLibMetrics.JobRan(job.Name, error is null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update scheduled_jobs set last_error = @error where name = @name",
            new { name = job.Name, error }, cancellationToken: cancellationToken));
    }
}

/// <summary>The <c>Jobs</c> section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    public int PollMilliseconds { get; set; } = 1000;
}
