using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The global send rate, shared by every instance through Redis. Sends are spaced evenly (the generic cell rate
/// algorithm, on Redis's own clock), so no second ever carries more than the limit, as a fixed per-second window would
/// allow at its edges. A batch reserves its run of consecutive slots in one round trip. The slots are real time, as
/// WeChat counts them and Redis's clock runs, whatever clock the service keeps.
/// </summary>
public sealed class SendRateLimiter(IDatabase redis, IOptions<OutboxOptions> options)
{
    // Reserves the next COUNT slots, answering how many microseconds until the first. TAT: theoretical arrival time.
    private const string Reserve = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local interval = tonumber(ARGV[1])
        local count = tonumber(ARGV[2])
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local last = tat + count * interval
        redis.call('SET', KEYS[1], string.format('%.0f', last), 'PX', math.ceil((last - now) / 1000) + 1000)
        return tat - now
        """;

    /// <summary>Waits for one slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await (await ReserveAsync(1, cancellationToken)).WaitForAsync(0, cancellationToken);

    /// <summary>Reserves <paramref name="count"/> consecutive slots; each send then waits for its own.</summary>
    public async Task<SendSlots> ReserveAsync(int count, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.Value.MaxSendsPerSecond));
        var firstInMicroseconds = (long)await redis.ScriptEvaluateAsync(Reserve, ["wechat:send-rate"],
            [interval.TotalMicroseconds.ToString("F0", CultureInfo.InvariantCulture), count]);
        return new SendSlots(TimeProvider.System.GetTimestamp(), TimeSpan.FromMicroseconds(firstInMicroseconds), interval);
    }
}

/// <summary>A run of reserved send slots: slot i is <c>first + i × interval</c> after the reservation.</summary>
public sealed class SendSlots(long reservedAt, TimeSpan first, TimeSpan interval)
{
    /// <summary>How long after the reservation the first slot comes.</summary>
    public TimeSpan First => first;

    public async Task WaitForAsync(int slot, CancellationToken cancellationToken)
    {
        var wait = first + interval * slot - TimeProvider.System.GetElapsedTime(reservedAt);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }
}
