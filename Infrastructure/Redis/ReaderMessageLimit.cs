using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// How many messages one reader may send the account per minute, counted across every instance. Past the limit the
/// webhook answers with a polite text, never an HTTP error (WeChat would show the reader an error page).
/// </summary>
public sealed class ReaderMessageLimit(IDatabase redis, IOptions<ReaderMessageLimitOptions> options, TimeProvider time)
{
    /// <summary>False past the limit. While Redis is away nothing can be counted, and the message is let through.</summary>
    public async Task<bool> TryAcquireAsync(string openId)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var key = $"reader-messages:{openId}:{minute}";
        try
        {
            // Both commands in one round trip; EXPIRE NX sets the lifetime once, when the counter is new.
            var count = redis.StringIncrementAsync(key);
            var expire = redis.KeyExpireAsync(key, TimeSpan.FromMinutes(2), ExpireWhen.HasNoExpiry);
            await Task.WhenAll(count, expire);
            return await count <= options.Value.PerMinute;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return true;
        }
    }
}

/// <summary>The <c>RateLimits:ReaderMessages</c> section.</summary>
public sealed class ReaderMessageLimitOptions
{
    public const string Section = "RateLimits:ReaderMessages";

    public int PerMinute { get; set; } = 30;
}
