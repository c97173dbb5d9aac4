using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// A card that expires by its date ends the sessions started while it was valid, access tokens included, as a
/// restriction does: run once the library's day has turned. Sessions started since, in the expired standing (a reader
/// may still read and unbind), stay, so running again changes nothing.
/// </summary>
public sealed class EndExpiredCardSessions(IPatronStore patrons, IPatronSessions sessions, LibraryClock clock)
{
    /// <summary>How many sessions were ended.</summary>
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        // A card that expired longer ago than a session lives has no session left from before its expiry.
        var since = today.AddDays(-(int)Math.Ceiling(sessions.LongestLife.TotalDays) - 1);
        var expired = await patrons.ExpiredBetweenAsync(since, today.AddDays(-1), cancellationToken);
        return expired.Count == 0 ? 0 : await sessions.EndStartedInBetterStandingAsync(expired, Standing.Expired, cancellationToken);
    }
}
