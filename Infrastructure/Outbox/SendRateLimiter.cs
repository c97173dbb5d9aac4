using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The global send rate, shared by every instance through Redis. Sends are spaced evenly (the generic cell rate
/// algorithm, on Redis's own clock), so no second ever carries more than the limit, as a fixed per-second window would
/// allow at its edges.
/// </summary>
public sealed class SendRateLimiter(IDatabase redis, IOptions<OutboxOptions> options, TimeProvider time)
{
    // Reserves the next slot, or says how many microseconds to wait for it. TAT: theoretical arrival time.
    private const string Reserve = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local interval = tonumber(ARGV[1])
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        if tat - now >= interval then return tat - now - interval + 1 end
        redis.call('SET', KEYS[1], string.format('%.0f', tat + interval), 'PX', math.ceil((tat + interval - now) / 1000) + 1000)
        return 0
        """;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var interval = 1_000_000.0 / Math.Max(1, options.Value.MaxSendsPerSecond);
        while (true)
        {
            var waitMicroseconds = (long)await redis.ScriptEvaluateAsync(Reserve, ["wechat:send-rate"],
                [interval.ToString("F0", CultureInfo.InvariantCulture)]);
            if (waitMicroseconds <= 0)
                return;
            await Task.Delay(TimeSpan.FromMicroseconds(waitMicroseconds), time, cancellationToken);
        }
    }
}
