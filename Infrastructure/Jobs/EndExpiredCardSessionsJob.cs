using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Each day a few minutes after midnight in the library's time zone: the sessions of readers whose card expired with
/// the day just ended stop, access tokens at once. Running again, or late after downtime, is harmless.
/// </summary>
internal sealed class EndExpiredCardSessionsJob(EndExpiredCardSessions endSessions, LibraryClock clock, ILogger<EndExpiredCardSessionsJob> logger)
    : IScheduledJob
{
    // A few minutes past midnight, so that a clock a little behind has also turned the day.
    private static readonly TimeSpan RunAt = TimeSpan.FromMinutes(5);

    public string Name => "readers.end-expired-card-sessions";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) => DailyAt.Next(now, RunAt, clock.Zone);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ended = await endSessions.HandleAsync(cancellationToken);
        if (ended > 0)
            logger.LogInformation("{Count} sessions ended: their cards have expired", ended);
    }
}
