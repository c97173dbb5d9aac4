using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Conversation state per reader, shared by every instance, for multi-step dialogs (a pending "confirm unbind", the rest
/// of a long answer after "更多", the loans last listed). Every value expires ten minutes after it was set, unless its
/// setter says otherwise.
/// </summary>
public sealed class ReaderSessions(IDatabase redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task SetAsync(string openId, string name, string value, TimeSpan? lifetime = null)
    {
        var key = Key(openId, name);
        await redis.StringSetAsync(key, value, lifetime ?? Lifetime);
    }

    public async Task<string?> GetAsync(string openId, string name) => await redis.StringGetAsync(Key(openId, name));

    /// <summary>Reads and removes in one step, so that a step is taken once even if two messages race.</summary>
    public async Task<string?> TakeAsync(string openId, string name) => await redis.StringGetDeleteAsync(Key(openId, name));

    /// <summary>
    /// The reader's last message or click, which opens WeChat's 48-hour window for custom messages. Sent without
    /// waiting for Redis's answer: it is a hint, and a reply should not wait for it.
    /// </summary>
    /// <summary>
    /// Sets a value without waiting for Redis's answer, for what the reader is shown anyway (the last loan list): the
    /// reply does not wait for it, and a later read on this connection comes after it.
    /// </summary>
    public Task SetWithoutWaitingAsync(string openId, string name, string value, TimeSpan lifetime) =>
        redis.StringSetAsync(Key(openId, name), value, lifetime, flags: CommandFlags.FireAndForget);

    public Task TouchAsync(string openId, DateTimeOffset at) =>
        redis.StringSetAsync($"last-interaction:{openId}", at.ToUnixTimeSeconds(), TimeSpan.FromHours(48), flags: CommandFlags.FireAndForget);

    private static RedisKey Key(string openId, string name) => $"session:{openId}:{name}";
}
