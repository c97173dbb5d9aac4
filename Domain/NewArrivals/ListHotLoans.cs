using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.NewArrivals;

/// <summary>热门: the most borrowed titles over the last 30 days, overall or within a CLC class.</summary>
public sealed class ListHotLoans(IHotLoans hotLoans, LibraryClock clock)
{
    public const int Days = 30;
    public const int MaxTitles = 10;

    /// <summary>Null when <paramref name="clcClass"/> is given and is not a class of the CLC.</summary>
    public async Task<IReadOnlyList<HotTitle>?> HandleAsync(string? clcClass, int limit, CancellationToken cancellationToken)
    {
        string? code = null;
        if (!string.IsNullOrWhiteSpace(clcClass) && (code = Subscription.Class(clcClass)?.Value) is null)
            return null;
        return await hotLoans.TopAsync(code, Math.Clamp(limit, 1, 50), cancellationToken);
    }

    public Task<int> RefreshAsync(CancellationToken cancellationToken) => hotLoans.RefreshAsync(clock.Today.AddDays(-Days + 1), cancellationToken);
}
