namespace WeChatLib.Domain.Readers;

/// <summary>
/// The signed-in sessions of the H5 pages, findable per patron, so that they end with the binding or the standing
/// they were started under. Ending a session stops its refresh token and its access tokens at once.
/// </summary>
public interface IPatronSessions
{
    /// <summary>No session lives longer than this from its sign-in, however often it is refreshed.</summary>
    TimeSpan LongestLife { get; }

    Task EndAllAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the patrons' sessions that were started in a better standing than <paramref name="now"/>; those started in
    /// it already stay. Returns how many were ended.
    /// </summary>
    Task<int> EndStartedInBetterStandingAsync(IReadOnlyCollection<long> patronIds, Standing now, CancellationToken cancellationToken);
}
