namespace WeChatLib.Domain.Notices;

/// <summary>The latest scan reports, as staff review them.</summary>
public sealed class ListNoticeScans(IDueNoticeScan scan)
{
    public const int MaxLimit = 90;

    public Task<IReadOnlyList<ScanReport>> HandleAsync(int? limit, CancellationToken cancellationToken) =>
        scan.RecentAsync(Math.Clamp(limit ?? 30, 1, MaxLimit), cancellationToken);
}
