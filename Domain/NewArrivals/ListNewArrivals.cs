using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.NewArrivals;

/// <summary>The latest arrivals (the last 30 days), those matching the reader's subscriptions first.</summary>
public sealed class ListNewArrivals(INewArrivals arrivals, LibraryClock clock)
{
    public const int Days = 30;

    /// <summary>A news reply holds eight articles at most.</summary>
    public const int MaxTitles = 8;

    public Task<IReadOnlyList<NewArrival>> HandleAsync(long? patronId, int limit, CancellationToken cancellationToken) =>
        arrivals.LatestAsync(patronId, clock.Today.AddDays(-Days + 1), Math.Clamp(limit, 1, 50), cancellationToken);
}
