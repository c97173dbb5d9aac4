using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Each week at <c>Notices:DigestAt</c> library time (default Monday 10:00): the new-arrivals digest. One instance runs
/// it (the scheduler's claim); after downtime it runs once on return, and a second run in a week queues nothing twice.
/// </summary>
internal sealed class NewArrivalsDigestJob(RunNewArrivalsDigest digest, LibraryClock clock, IOptions<NoticesOptions> options,
    ILogger<NewArrivalsDigestJob> logger) : IScheduledJob
{
    public string Name => "notices.new-arrivals-digest";

    public DateTimeOffset NextRunAfter(DateTimeOffset now)
    {
        var (day, at) = WeeklyAt.Parse(options.Value.DigestAt)!.Value;
        return WeeklyAt.Next(now, day, at, clock.Zone);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await digest.HandleAsync(cancellationToken);
        logger.LogInformation("New-arrivals digest of the week of {Week}: {Subscribers} subscribers, {Enqueued} queued, {Nothing} with nothing new",
            report.Week, report.Subscribers, report.Enqueued, report.NothingNew);
    }
}
