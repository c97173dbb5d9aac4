namespace WeChatLib.Domain.Notices;

/// <summary>The daily scan as one set-based statement: every firing below, for every open loan due that day, at once.</summary>
public interface IDueNoticeScan
{
    /// <summary>
    /// Queues the notices of <paramref name="firings"/> (one per reader and kind, keyed by its most urgent rule, due date and occurrence), skipping
    /// and counting readers who cannot or will not receive them, and keeps the report of <paramref name="scanDate"/>.
    /// </summary>
    Task<ScanReport> RunAsync(DateOnly scanDate, IReadOnlyList<NoticeFiring> firings, CancellationToken cancellationToken);

    /// <summary>The most recent reports, newest scan date first.</summary>
    Task<IReadOnlyList<ScanReport>> RecentAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>A rule firing on the scan date for loans due <paramref name="DueOn"/>, its <paramref name="Occurrence"/>, and its status line.</summary>
public sealed record NoticeFiring(NoticeRule Rule, DateOnly DueOn, int Occurrence, string Status);
