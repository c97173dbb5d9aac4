using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// The one owner of the access token for every instance, in Redis. A token is fetched once and refreshed ahead of
/// its expiry by whichever instance holds a short lock (re-reading after taking it); the others keep using the
/// current token or wait briefly. A token is stored only if it outlives the stored one, and a token WeChat rejected is
/// dropped only if it is still the stored one, so an older token never overwrites a newer and one failure causes one
/// refresh, not a stampede. Each instance keeps the token it last read for a few seconds (<see cref="RecentAccessToken"/>).
/// </summary>
public sealed class AccessTokenOwner(IDatabase redis, WeChatTokenEndpoints endpoints, WeChatAlarms alarms, RecentAccessToken recent,
    TimeProvider time, ILogger<AccessTokenOwner> logger)
{
    /// <summary>Refresh inside stable_token's last five minutes, when it hands out the next token.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(4);

    private static readonly TimeSpan LockTime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private const string TokenKey = "wechat:access-token";
    private const string LockKey = "wechat:access-token:lock";
    private const string RejectedKey = "wechat:access-token:rejected";

    // Writes only when the new token expires later than the stored one.
    private const string StoreIfNewer = """
        local stored = tonumber(redis.call('HGET', KEYS[1], 'expires') or '0')
        if tonumber(ARGV[2]) > stored then
            redis.call('HSET', KEYS[1], 'token', ARGV[1], 'expires', ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
            return 1
        end
        return 0
        """;

    // Drops the stored token only if it is the one that was rejected.
    private const string DropIfSame = """
        if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
            redis.call('DEL', KEYS[1])
            return 1
        end
        return 0
        """;

    private const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<WeChatResult<AccessToken>> GetAsync(CancellationToken cancellationToken)
    {
        if (recent.Get() is { } kept && kept.RemainingAt(time.GetUtcNow()) > RefreshAhead)
            return WeChatResult<AccessToken>.Ok(kept);
        // Shared by every caller waiting on this instance, so no one caller's cancellation ends it; WaitLimit bounds it.
        return await recent.Share(() => ObtainAsync(CancellationToken.None)).WaitAsync(cancellationToken);
    }

    private async Task<WeChatResult<AccessToken>> ObtainAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + WaitLimit;
        while (true)
        {
            var stored = await ReadAsync();
            if (stored is not null && stored.RemainingAt(time.GetUtcNow()) > RefreshAhead)
            {
                recent.Keep(stored);
                return WeChatResult<AccessToken>.Ok(stored);
            }

            var owner = Guid.NewGuid().ToString("N");
            if (await redis.StringSetAsync(LockKey, owner, LockTime, When.NotExists))
            {
                try
                {
                    return await RefreshHoldingLockAsync(cancellationToken);
                }
                finally
                {
                    await redis.ScriptEvaluateAsync(ReleaseLock, [LockKey], [owner]);
                }
            }
            // Another instance is refreshing: a token that still works is good enough meanwhile.
            if (stored is not null && stored.RemainingAt(time.GetUtcNow()) > TimeSpan.Zero)
                return WeChatResult<AccessToken>.Ok(stored);
            if (time.GetUtcNow() > deadline)
                return WeChatResult<AccessToken>.Failed(WeChatOutcome.Transient, new WeChatError(WeChatError.Unreachable, "no access token in time"));
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    /// <summary>WeChat refused <paramref name="rejected"/> (40001/40014/42001): forget it, unless a newer one replaced it.</summary>
    public async Task RejectAsync(string rejected)
    {
        recent.Forget(rejected);
        await redis.StringSetAsync(RejectedKey, rejected, TimeSpan.FromMinutes(10));
        await redis.ScriptEvaluateAsync(DropIfSame, [TokenKey], [rejected]);
    }

    private async Task<WeChatResult<AccessToken>> RefreshHoldingLockAsync(CancellationToken cancellationToken)
    {
        var stored = await ReadAsync();
        if (stored is not null && stored.RemainingAt(time.GetUtcNow()) > RefreshAhead)
            return WeChatResult<AccessToken>.Ok(stored);

        var fetched = await FetchAsync((string?)await redis.StringGetAsync(RejectedKey), cancellationToken);
        WeChatLibMetrics.TokenRefreshed(fetched.Succeeded);
        if (!fetched.Succeeded)
        {
            logger.LogWarning("WeChat access token refresh failed: {Code} {Message}", fetched.Error!.Code, fetched.Error.Message);
            return stored is not null && stored.RemainingAt(time.GetUtcNow()) > TimeSpan.Zero ? WeChatResult<AccessToken>.Ok(stored) : fetched;
        }
        await alarms.RecordRefreshAsync();
        await StoreAsync(fetched.Value!);
        return WeChatResult<AccessToken>.Ok(await ReadAsync() ?? fetched.Value!);
    }

    /// <summary>Stores the token unless the stored one lasts longer; true when it was written.</summary>
    internal async Task<bool> StoreAsync(AccessToken token) =>
        (long)await redis.ScriptEvaluateAsync(StoreIfNewer, [TokenKey],
            [token.Value, token.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)]) == 1;

    internal Task<AccessToken?> StoredAsync() => ReadAsync();

    // stable_token first; forced only when it hands back the token WeChat just rejected; the classic endpoint if the
    // stable one fails for a reason the classic one does not share.
    private async Task<WeChatResult<AccessToken>> FetchAsync(string? rejected, CancellationToken cancellationToken)
    {
        var stable = await endpoints.StableTokenAsync(false, cancellationToken);
        if (stable.Succeeded && stable.Value!.Value == rejected)
            stable = await endpoints.StableTokenAsync(true, cancellationToken);
        if (stable.Succeeded || stable.Error!.Code is WeChatError.InvalidAppId or WeChatError.InvalidAppSecret
            or WeChatError.IpNotWhitelisted or WeChatError.DailyQuotaReached)
            return stable;
        return await endpoints.ClassicTokenAsync(cancellationToken);
    }

    private async Task<AccessToken?> ReadAsync()
    {
        var fields = await redis.HashGetAsync(TokenKey, ["token", "expires"]);
        return fields is [{ HasValue: true } token, { HasValue: true } expires] && long.TryParse(expires.ToString(), CultureInfo.InvariantCulture, out var ms)
            ? new AccessToken(token.ToString(), DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }
}
