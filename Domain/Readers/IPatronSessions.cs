namespace WeChatLib.Domain.Readers;

/// <summary>
/// The signed-in sessions of the H5 pages, findable per patron, so that they end with the binding or the standing
/// they were started under. Ending a session stops its refresh token and its access tokens at once.
/// </summary>
public interface IPatronSessions
{
    Task EndAllAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken);
}
