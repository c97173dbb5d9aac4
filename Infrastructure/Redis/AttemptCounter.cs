using StackExchange.Redis;
using WeChatLib.Domain.Common;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Failure counters shared by every instance, each living for the window from its first attempt. An attempt is counted
/// before it is checked, in one script, so that however many run at once, no more than the limit are ever checked.
/// </summary>
internal sealed class AttemptCounter(IDatabase redis)
{
    // Refuses when any counter is at the limit (with the longest time left); otherwise counts on every counter and
    // returns the attempts left and how long the lockout would last. Times in milliseconds.
    private const string Reserve = """
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local locked = -1
        for _, key in ipairs(KEYS) do
            if tonumber(redis.call('GET', key) or '0') >= limit then
                local ttl = redis.call('PTTL', key)
                if ttl < 0 then ttl = window end
                if ttl > locked then locked = ttl end
            end
        end
        if locked >= 0 then return {0, 0, locked} end
        local highest, lockedFor = 0, 0
        for _, key in ipairs(KEYS) do
            local count = redis.call('INCR', key)
            if count == 1 then redis.call('PEXPIRE', key, window) end
            if count > highest then highest = count end
            if count >= limit then lockedFor = math.max(lockedFor, redis.call('PTTL', key)) end
        end
        if lockedFor <= 0 then lockedFor = window end
        return {1, limit - highest, lockedFor}
        """;

    // Gives one attempt back on every counter (the secret was right), never below zero.
    private const string Refund = """
        for _, key in ipairs(KEYS) do
            if redis.call('DECR', key) <= 0 then redis.call('DEL', key) end
        end
        return 0
        """;

    public async Task<AttemptReservation> ReserveAsync(RedisKey[] keys, int limit, TimeSpan window)
    {
        var answer = (long[])(await redis.ScriptEvaluateAsync(Reserve, keys, [limit, (long)window.TotalMilliseconds]))!;
        var time = TimeSpan.FromMilliseconds(answer[2]);
        return answer[0] == 1 ? new AttemptReservation.Reserved((int)Math.Max(0, answer[1]), time) : new AttemptReservation.Refused(time);
    }

    public Task RefundAsync(RedisKey[] keys) => redis.ScriptEvaluateAsync(Refund, keys);
}
