namespace WeChatLib.Domain.NewArrivals;

/// <summary>The most borrowed titles of the last 30 days, from a list a scheduled job rebuilds from loan history.</summary>
public interface IHotLoans
{
    /// <summary>The top titles, of the class and its sub-classes when <paramref name="clcClass"/> is given.</summary>
    Task<IReadOnlyList<HotTitle>> TopAsync(string? clcClass, int limit, CancellationToken cancellationToken);

    /// <summary>Rebuilds the list from loans made from <paramref name="since"/> on; returns the titles in it.</summary>
    Task<int> RefreshAsync(DateOnly since, CancellationToken cancellationToken);
}

public sealed record HotTitle(long TitleId, string Title, string Author, string Isbn, string ClcClass, int Loans);
