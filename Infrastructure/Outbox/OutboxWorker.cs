using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Claims batches of due notices and sends them, <c>Outbox:Batches</c> at a time; every instance runs one, and SKIP
/// LOCKED keeps batches and instances apart. A batch is no bigger than the worker can start within the lease, and each
/// request leaves only under a lease still held. While the daily quota is spent, it waits for the reset instead of
/// claiming.
/// </summary>
public sealed class OutboxWorker(OutboxStore store, IServiceProvider services, WeChatAlarms alarms, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkersEnabled)
            return;
        // Batches overlap: while one batch's requests are out, the next is claimed and its attempts recorded.
        // Each under a lease holder of its own: a notice one of them lost is never the other's by name.
        await Task.WhenAll(Enumerable.Range(0, settings.Batches).Select(lane =>
            Task.Run(() => RunBatchesAsync($"{WorkerId}/{lane}", settings, stoppingToken), CancellationToken.None)));
    }

    private async Task RunBatchesAsync(string worker, OutboxOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await alarms.QuotaPausedUntilAsync() is { } until)
                {
                    await Task.Delay(Min(until - time.GetUtcNow(), TimeSpan.FromMinutes(1)), time, stoppingToken);
                    continue;
                }
                var batch = await store.ClaimAsync(worker, ClaimSize(settings), TimeSpan.FromSeconds(settings.LeaseSeconds), stoppingToken);
                if (batch.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), time, stoppingToken);
                    continue;
                }
                await services.GetRequiredService<OutboxSender>().SendBatchAsync(batch, worker, settings.Parallelism, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL or Redis away: claimed notices come back when their lease runs out.
                logger.LogError(e, "Outbox worker pass failed");
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// No more than this instance can start sending before the lease runs out, were every request to take the longest it
    /// may, or than the global rate lets through in a lease: a notice whose lease ran out is not sent by this worker.
    /// </summary>
    internal static int ClaimSize(OutboxOptions settings)
    {
        var rounds = Math.Max(1, (int)(TimeSpan.FromSeconds(settings.LeaseSeconds) / WeChatApiClient.RequestTimeout));
        // A batch's run of rate slots spans a few seconds at most, so that the runs every batch of every instance
        // reserves ahead stay far inside a lease.
        var byRate = Math.Max(1L, (long)settings.MaxSendsPerSecond * Math.Min(settings.LeaseSeconds, RateSpanSeconds) / settings.Batches);
        return (int)Math.Max(1, Math.Min(settings.BatchSize, Math.Min((long)settings.Parallelism * rounds, byRate)));
    }

    private const int RateSpanSeconds = 5;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a > TimeSpan.Zero ? a : TimeSpan.Zero) : b;
}
