using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Common;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Each night at half past three library time, when nobody reads and nothing is sent: notices in a final state older
/// than the retention go, in short batches. Running again, or late after downtime, is harmless.
/// </summary>
internal sealed class DeleteOldNoticesJob(OutboxRetention retention, LibraryClock clock, ILogger<DeleteOldNoticesJob> logger) : IScheduledJob
{
    private static readonly TimeSpan RunAt = new(3, 30, 0);

    public string Name => "outbox.delete-old-notices";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) => DailyAt.Next(now, RunAt, clock.Zone);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await retention.DeleteExpiredAsync(cancellationToken);
        if (deleted > 0)
            logger.LogInformation("{Count} notices past their retention deleted", deleted);
    }
}
