using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Every minute, on the minute: seats not checked in by the end of their window and leaves not returned from are
/// released, bookings whose time ran out finish, and the check-in and leave reminders due are queued. After downtime
/// the first run does everything missed, once.
/// </summary>
internal sealed class ReleaseSeatsJob(ReleaseSeats releaseSeats, ILogger<ReleaseSeatsJob> logger) : IScheduledJob
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    public string Name => "seats.release";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Every.Ticks + Every.Ticks, TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await releaseSeats.HandleAsync(cancellationToken);
        if (report.Released + report.Finished + report.Suspended > 0)
            logger.LogInformation("Seats: {Released} released, {Finished} finished, {Suspended} readers suspended, {Reminders} reminders",
                report.Released, report.Finished, report.Suspended, report.Reminders);
    }
}
