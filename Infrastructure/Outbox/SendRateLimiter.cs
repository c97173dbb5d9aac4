using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>The global send rate, shared by every instance through a per-second counter in Redis.</summary>
public sealed class SendRateLimiter(IDatabase redis, IOptions<OutboxOptions> options, TimeProvider time)
{
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            var key = $"wechat:sends:{second}";
            var count = await redis.StringIncrementAsync(key);
            if (count == 1)
                await redis.KeyExpireAsync(key, TimeSpan.FromSeconds(5));
            if (count <= options.Value.MaxSendsPerSecond)
                return;
            var nextSecond = DateTimeOffset.FromUnixTimeSeconds(second + 1);
            await Task.Delay(nextSecond - now + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20)), time, cancellationToken);
        }
    }
}
