using System.Globalization;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// The ids of a list a reader was last shown, in order, so that “取消预约 2” or “预约 2” names entry 2 of that list. Kept
/// for half an hour, as the loan list is: an older list may no longer match what the reader remembers.
/// </summary>
public abstract class LastShownList(ReaderSessions sessions, ILogger logger, string name)
{
    public static readonly TimeSpan Lifetime = LastLoanList.Lifetime;

    /// <summary>The session entry naming the list a reader was shown last, so that a bare number can be told apart.</summary>
    public const string Latest = "last-list";

    /// <summary>Without Redis the list is not kept: the reader still sees it, and a reply naming an entry asks them to list again.</summary>
    public async Task KeepAsync(string openId, IEnumerable<long> ids)
    {
        try
        {
            await sessions.SetWithoutWaitingAsync(openId, name, string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))), Lifetime);
            await sessions.SetWithoutWaitingAsync(openId, Latest, name, Lifetime);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning("A reader's {List} was not kept: Redis is unavailable ({Error})", name, e.GetType().Name);
        }
    }

    /// <summary>The ids in the order shown; null when the reader has no such list from the last half hour.</summary>
    public async Task<IReadOnlyList<long>?> FindAsync(string openId) =>
        await sessions.GetAsync(openId, name) is { } kept
            ? kept.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList()
            : null;
}

/// <summary>The holds a reader was last shown by “我的预约”, for “取消预约 N”.</summary>
public sealed class LastHoldList(ReaderSessions sessions, ILogger<LastHoldList> logger) : LastShownList(sessions, logger, Name)
{
    public const string Name = "hold-list";
}

/// <summary>The titles a reader was last shown by “检索”, for “预约 N”.</summary>
public sealed class LastTitleList(ReaderSessions sessions, ILogger<LastTitleList> logger) : LastShownList(sessions, logger, Name)
{
    public const string Name = "title-list";
}
