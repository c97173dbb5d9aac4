using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Redis unreachable or too slow: with the connection set to fail fast, a command fails at once during an outage
/// (or after <c>Redis:OperationTimeoutMilliseconds</c> when Redis hangs), so the webhook can still answer in time.
/// </summary>
public static class RedisOutage
{
    public static bool Is(Exception e) => e is RedisException or RedisTimeoutException;
}
