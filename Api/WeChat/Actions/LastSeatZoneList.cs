using System.Globalization;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// The zones a reader was last shown by “座位”, in order, so that “订座 2” (or a bare “2” right after the list) names zone 2.
/// Kept only a few minutes, judged by the service's own clock too: free seats change by the minute, and a number from
/// an older list may no longer mean what the reader saw.
/// </summary>
public sealed class LastSeatZoneList(ReaderSessions sessions, TimeProvider time, ILogger<LastSeatZoneList> logger)
{
    public const string Name = "seat-zone-list";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Without Redis the list is not kept: the reader still sees it, and “订座 N” asks them to list again.</summary>
    public async Task KeepAsync(string openId, IEnumerable<long> zoneIds)
    {
        var at = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        try
        {
            await sessions.SetWithoutWaitingAsync(openId, Name, at + "|" + string.Join(',', zoneIds.Select(id => id.ToString(CultureInfo.InvariantCulture))), Lifetime);
            await sessions.SetWithoutWaitingAsync(openId, LastShownList.Latest, Name, Lifetime);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning("A reader's seat zone list was not kept: Redis is unavailable ({Error})", e.GetType().Name);
        }
    }

    /// <summary>
    /// The zone ids in the order shown; null when the reader has no list from the last few minutes, or, when
    /// <paramref name="lastShown"/>, when another list was shown since (a bare number then names that one).
    /// </summary>
    public async Task<IReadOnlyList<long>?> FindAsync(string openId, bool lastShown)
    {
        if (lastShown && await sessions.GetAsync(openId, LastShownList.Latest) != Name)
            return null;
        if (await sessions.GetAsync(openId, Name) is not { } kept || kept.Split('|') is not [var at, var ids]
            || !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var shownAt))
            return null;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(shownAt);
        return age < TimeSpan.Zero || age >= Lifetime
            ? null
            : ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
    }
}
