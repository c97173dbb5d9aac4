using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Holds;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>
/// Every quarter of an hour: copies left on the hold shelf past their pickup day go to the next reader, and holds
/// unfilled past their reader's date end. After downtime the first run does everything missed, once.
/// </summary>
internal sealed class ExpireHoldsJob(ExpireHolds expireHolds, ILogger<ExpireHoldsJob> logger) : IScheduledJob
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(15);

    public string Name => "holds.expire";

    public DateTimeOffset NextRunAfter(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Every.Ticks + Every.Ticks, TimeSpan.Zero);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var expired = await expireHolds.HandleAsync(cancellationToken);
        if (expired > 0)
            logger.LogInformation("{Count} holds expired", expired);
    }
}
