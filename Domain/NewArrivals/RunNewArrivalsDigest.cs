using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.NewArrivals;

/// <summary>
/// The weekly digest: each subscriber gets one notice of the new titles matching their subscriptions since their last
/// digest, and nothing when there are none. A digest covers arrivals up to the day before it runs (a copy accessioned
/// later that day goes in the next one). A first digest looks back a week; one after downtime looks back at most four,
/// once. A second run in the same week queues nothing twice (one key per reader and week).
/// </summary>
public sealed class RunNewArrivalsDigest(INewArrivals arrivals, LibraryClock clock)
{
    public const int FirstDigestDays = 7;
    public const int CatchUpDays = 28;

    public Task<DigestReport> HandleAsync(CancellationToken cancellationToken) => arrivals.RunDigestAsync(WindowOn(clock.Today), cancellationToken);

    /// <summary>The window of a run on <paramref name="today"/>; the week is named by its Monday.</summary>
    public static DigestWindow WindowOn(DateOnly today) =>
        new(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), today.AddDays(-CatchUpDays), today.AddDays(-1));

    /// <summary>Where a subscriber's digest starts: the day after their last one, else a week back, never before the window.</summary>
    public static DateOnly StartFor(DigestWindow window, DateOnly? lastCoveredUntil)
    {
        var start = lastCoveredUntil?.AddDays(1) ?? window.Until.AddDays(-FirstDigestDays + 1);
        return start < window.Earliest ? window.Earliest : start;
    }
}
