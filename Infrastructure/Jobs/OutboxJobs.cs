using Microsoft.Extensions.Logging;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Every 30 seconds: notices whose outcome is unknown go to the dead letters once WeChat's resend window has closed,
/// whether waiting to be resent or left under way by a stopped worker; a stopped worker's notice that WeChat accepted
/// is recorded as sent.
/// </summary>
internal sealed class SweepExpiredLeases(OutboxStore store, ILogger<SweepExpiredLeases> logger) : IScheduledJob
{
    public string Name => "outbox.sweep-expired-leases";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) => now.AddSeconds(30);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var dead = await store.SweepUnknownOutcomesAsync(cancellationToken);
        if (dead > 0)
            logger.LogWarning("{Count} notices with an unknown outcome moved to the dead letters", dead);
    }
}

/// <summary>Every minute: notices held for quiet hours go back to the queue once the quiet hours have ended.</summary>
internal sealed class ReleaseQuietHoursNotices(OutboxStore store) : IScheduledJob
{
    public string Name => "outbox.release-quiet-hours";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) => now.AddMinutes(1);

    public Task RunAsync(CancellationToken cancellationToken) => store.ReleaseQuietHoursAsync(cancellationToken);
}
