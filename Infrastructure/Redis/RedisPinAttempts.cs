using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Failure counters in Redis, shared by every instance: one per card and one per openid, each living for the
/// lockout window from its first failure.
/// </summary>
internal sealed class RedisPinAttempts(IDatabase redis, IOptions<BindingOptions> options) : IPinAttempts
{
    // Increments every counter, starting the window on a counter's first failure; returns the highest count.
    private const string CountFailure = """
        local highest = 0
        for i, key in ipairs(KEYS) do
            local count = redis.call('INCR', key)
            if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
            if count > highest then highest = count end
        end
        return highest
        """;

    private BindingOptions Limits => options.Value;

    public async Task<TimeSpan?> LockedForAsync(string cardNumber, string openId, CancellationToken cancellationToken)
    {
        TimeSpan? longest = null;
        foreach (var key in Keys(cardNumber, openId))
        {
            var count = (long?)await redis.StringGetAsync(key);
            if (count >= Limits.MaxPinAttempts && await redis.KeyTimeToLiveAsync(key) is { } ttl && (longest is null || ttl > longest))
                longest = ttl;
        }
        return longest;
    }

    public async Task<int> RecordFailureAsync(string cardNumber, string openId, CancellationToken cancellationToken)
    {
        var highest = (long)await redis.ScriptEvaluateAsync(CountFailure, Keys(cardNumber, openId), [Limits.PinLockoutMinutes * 60]);
        return (int)Math.Max(0, Limits.MaxPinAttempts - highest);
    }

    public Task ClearAsync(string cardNumber, string openId, CancellationToken cancellationToken) =>
        redis.KeyDeleteAsync(Keys(cardNumber, openId));

    private static RedisKey[] Keys(string cardNumber, string openId) =>
        [$"pin-failures:card:{cardNumber.ToUpperInvariant()}", $"pin-failures:openid:{openId}"];
}
