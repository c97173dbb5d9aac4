using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Each day at <c>Notices:ScanAt</c> library time (default 09:00): the due-date scan for the library's today. One
/// instance runs it (the scheduler's claim); after downtime it runs once on return, and a second run of a day queues
/// nothing new.
/// </summary>
internal sealed class DueNoticeScanJob(RunDueNoticeScan scan, LibraryClock clock, IOptions<NoticesOptions> options, ILogger<DueNoticeScanJob> logger)
    : IScheduledJob
{
    public string Name => "notices.due-scan";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        DailyAt.Next(now, TimeOnly.ParseExact(options.Value.ScanAt, "HH:mm", CultureInfo.InvariantCulture).ToTimeSpan(), clock.Zone);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await scan.HandleAsync(null, cancellationToken);
        logger.LogInformation("Due-date scan of {Date}: {Loans} loans, {Enqueued} notices queued, {Skipped} not queued, {Ms} ms",
            report.ScanDate, report.LoansSeen, report.Enqueued.Values.Sum(), report.Skipped.Values.Sum(), report.DurationMs);
    }
}
