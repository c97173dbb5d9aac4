using System.Globalization;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// The loans a reader was last shown, in their order, so that “续借 2” names item 2 of that list. Kept for half an hour:
/// an older list may no longer match what the reader remembers.
/// </summary>
public sealed class LastLoanList(ReaderSessions sessions, ILogger<LastLoanList> logger)
{
    public const string Name = "loan-list";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Without Redis the list is not kept: the reader still sees it, and “续借 N” asks them to list again.</summary>
    public async Task KeepAsync(string openId, IEnumerable<long> loanIds)
    {
        try
        {
            await sessions.SetWithoutWaitingAsync(openId, Name, string.Join(',', loanIds.Select(id => id.ToString(CultureInfo.InvariantCulture))), Lifetime);
            await sessions.SetWithoutWaitingAsync(openId, LastShownList.Latest, Name, Lifetime);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning("A reader's loan list was not kept: Redis is unavailable ({Error})", e.GetType().Name);
        }
    }

    /// <summary>The loan ids in the order shown; null when the reader has no list from the last half hour.</summary>
    public async Task<IReadOnlyList<long>?> FindAsync(string openId) =>
        await sessions.GetAsync(openId, Name) is { } kept
            ? kept.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList()
            : null;
}
