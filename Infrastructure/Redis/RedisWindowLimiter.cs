using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// At most N requests per key in a fixed window that starts with the key's first request (as the framework's fixed
/// window limiter does), counted in Redis so that every instance enforces one limit, not one each.
/// </summary>
public sealed class RedisWindowLimiter(IDatabase redis, RedisKey key, int permitLimit, TimeSpan window, TimeProvider time, ILogger logger)
    : RateLimiter
{
    // Counts and starts the window in one step; returns the count and the time left in milliseconds.
    private const string Count = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            ttl = tonumber(ARGV[2])
        end
        return {count, ttl}
        """;

    private long _lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries this synchronous path first; declining it sends the request to the asynchronous one.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Declined;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        try
        {
            var answer = (long[])(await redis.ScriptEvaluateAsync(Count, [key], [permitCount, (long)window.TotalMilliseconds]))!;
            return answer[0] <= permitLimit ? Lease.Granted : new Lease(false, TimeSpan.FromMilliseconds(answer[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Without Redis nothing can be counted; refusing everyone would turn an outage into a lockout.
            logger.LogWarning(e, "The rate limit could not be counted in Redis; the request is let through");
            return Lease.Granted;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease Declined = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
