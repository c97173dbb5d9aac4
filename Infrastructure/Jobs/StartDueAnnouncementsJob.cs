using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Announcements;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Every quarter of a minute: scheduled announcements whose time has come start sending, on one instance at a time (the
/// scheduler's claim); the start itself happens once under the announcement's row lock. After downtime the first run
/// starts everything that came due meanwhile.
/// </summary>
internal sealed class StartDueAnnouncementsJob(AnnouncementDesk desk, ILogger<StartDueAnnouncementsJob> logger) : IScheduledJob
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    public string Name => "announcements.start-due";

    // On the quarter minute, so that one scheduled for 10:00 starts at 10:00:00 plus a poll.
    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Every.Ticks + Every.Ticks, TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = await desk.StartDueAsync(cancellationToken);
        if (started > 0)
            logger.LogInformation("{Count} scheduled announcements started sending", started);
    }
}
