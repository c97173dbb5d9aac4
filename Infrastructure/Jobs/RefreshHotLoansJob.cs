using Microsoft.Extensions.Logging;
using WeChatLib.Domain.NewArrivals;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>Every hour: the hot list rebuilt from the last 30 days of loans. After downtime the first run rebuilds it at once.</summary>
internal sealed class RefreshHotLoansJob(ListHotLoans hotLoans, ILogger<RefreshHotLoansJob> logger) : IScheduledJob
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    public string Name => "catalogue.hot-loans";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Every.Ticks + Every.Ticks, TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var titles = await hotLoans.RefreshAsync(cancellationToken);
        logger.LogDebug("Hot list rebuilt: {Titles} titles borrowed in the last 30 days", titles);
    }
}
