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

    public DateTimeOffset NextRunAfter(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, clock.Zone).DateTime;
        var next = local.Date + RunAt;
        if (next <= local)
            next = next.AddDays(1);
        // A zone that moves its clocks at midnight may skip the time: run an hour later that day.
        if (clock.Zone.IsInvalidTime(next))
            next = next.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), clock.Zone), TimeSpan.Zero);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ended = await endSessions.HandleAsync(cancellationToken);
        if (ended > 0)
            logger.LogInformation("{Count} sessions ended: their cards have expired", ended);
    }
}
