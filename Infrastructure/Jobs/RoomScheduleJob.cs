using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Rooms.Schedule;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Every minute, on the minute: room bookings past their confirmation deadline lapse, confirmed ones nobody checked
/// into are released, checked-in ones whose time ran out finish, and the start reminders due are queued. After
/// downtime the first run does everything missed, once.
/// </summary>
internal sealed class RoomScheduleJob(RunRoomSchedule runRoomSchedule, ILogger<RoomScheduleJob> logger) : IScheduledJob
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    public string Name => "rooms.schedule";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Every.Ticks + Every.Ticks, TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await runRoomSchedule.HandleAsync(cancellationToken);
        if (report.Ended + report.Suspended > 0)
            logger.LogInformation("Rooms: {Lapsed} lapsed, {Released} released, {Finished} finished, {Suspended} organisers suspended, {Reminders} reminders",
                report.Lapsed, report.Released, report.Finished, report.Suspended, report.Reminders);
    }
}
