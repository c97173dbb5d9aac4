using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The global send rate, shared by every instance through Redis. Sends are spaced evenly (the generic cell rate
/// algorithm, on Redis's own clock), so no second ever carries more than the limit, as a fixed per-second window would
/// allow at its edges. A batch reserves short runs of consecutive slots, one round trip each. The slots are real time,
/// as WeChat counts them and Redis's clock runs, whatever clock the service keeps.
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

    /// <summary>Waits for one slot of its own.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var run = await ReserveAsync(1, cancellationToken);
        if (run.Until(0) is var wait && wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }

    /// <summary>Reserves <paramref name="count"/> consecutive slots.</summary>
    public async Task<SlotRun> ReserveAsync(int count, CancellationToken cancellationToken)
    {
        // Rounded up: slots a microsecond too close could put one send too many into a second.
        var interval = TimeSpan.FromMicroseconds(Math.Ceiling(1_000_000.0 / Math.Max(1, options.Value.MaxSendsPerSecond)));
        cancellationToken.ThrowIfCancellationRequested();
        var firstInMicroseconds = (long)await redis.ScriptEvaluateAsync(Reserve, ["wechat:send-rate"],
            [interval.TotalMicroseconds.ToString("F0", CultureInfo.InvariantCulture), count]);
        return new SlotRun(TimeProvider.System.GetTimestamp(), TimeSpan.FromMicroseconds(firstInMicroseconds), interval, count);
    }
}

/// <summary>A run of reserved slots: slot i comes <c>first + i × interval</c> after the reservation.</summary>
public sealed record SlotRun(long ReservedAt, TimeSpan First, TimeSpan Interval, int Count)
{
    /// <summary>How long until slot <paramref name="slot"/> (negative: it has passed).</summary>
    public TimeSpan Until(int slot) => First + Interval * slot - TimeProvider.System.GetElapsedTime(ReservedAt);
}

/// <summary>
/// Hands out a batch's send slots, reserving runs of at most <paramref name="runLength"/> (the sends it can have in
/// flight) as they are needed. A slot that passed by more than an interval (or a millisecond, at rates above a thousand
/// a second) is given up, never used late: late sends crowding into a second that other slots also fill could exceed the
/// limit. Below a thousand a second nothing can; above, at most one send in a thousand. Shared by the batch's sends.
/// </summary>
public sealed class BatchSlots(SendRateLimiter limiter, int sends, int runLength) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SlotRun? _run;
    private int _next;
    private int _handedOut;

    /// <summary>Reserves the first run and tells how long until its first slot.</summary>
    public async Task<TimeSpan> ReserveFirstAsync(CancellationToken cancellationToken)
    {
        _run = await limiter.ReserveAsync(Math.Min(sends, runLength), cancellationToken);
        _next = 0;
        return _run.Until(0);
    }

    /// <summary>Waits for the next slot of the batch.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_run is null || _next >= _run.Count || _run.Until(_next) < -Max(_run.Interval, Lateness))
            {
                _run = await limiter.ReserveAsync(Math.Max(1, Math.Min(sends - _handedOut, runLength)), cancellationToken);
                _next = 0;
            }
            wait = _run.Until(_next);
            _next++;
            _handedOut++;
        }
        finally
        {
            _lock.Release();
        }
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }

    private static readonly TimeSpan Lateness = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose() => _lock.Dispose();
}
