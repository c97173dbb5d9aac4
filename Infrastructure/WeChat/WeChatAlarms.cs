using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// What operators must hear about, shared by every instance: access tokens refreshed again and again (another
/// server using the same AppID, a clock far off) and the daily quota (45009). Shown as a degraded health entry.
/// </summary>
public sealed class WeChatAlarms(IDatabase redis, TimeProvider time, ILogger<WeChatAlarms> logger)
{
    /// <summary>More refreshes than this in one hour raise the alarm; two an hour is normal around expiry.</summary>
    public const int RefreshesPerHourAlarm = 6;

    private const string QuotaKey = "wechat:alarm:quota-paused-until";

    public async Task RecordRefreshAsync()
    {
        var key = $"wechat:alarm:refreshes:{time.GetUtcNow():yyyyMMddHH}";
        var count = await redis.StringIncrementAsync(key);
        if (count == 1)
            await redis.KeyExpireAsync(key, TimeSpan.FromHours(2));
        if (count > RefreshesPerHourAlarm)
            logger.LogError("WeChat access token refreshed {Count} times this hour: is another server using this AppID?", count);
    }

    public async Task<long> RefreshesThisHourAsync() =>
        (long?)await redis.StringGetAsync($"wechat:alarm:refreshes:{time.GetUtcNow():yyyyMMddHH}") ?? 0;

    public async Task PauseForQuotaAsync(DateTimeOffset until)
    {
        logger.LogCritical("WeChat daily API quota reached (45009): sending paused until {Until:u}", until);
        await redis.StringSetAsync(QuotaKey, until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), until - time.GetUtcNow());
    }

    public async Task<DateTimeOffset?> QuotaPausedUntilAsync()
    {
        var value = await redis.StringGetAsync(QuotaKey);
        return value.HasValue && long.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var ms) && ms > time.GetUtcNow().ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }
}
