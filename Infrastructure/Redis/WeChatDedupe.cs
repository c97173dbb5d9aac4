using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// One record per inbound message in Redis, shared by every instance: the first delivery takes it and runs the
/// handler; a retry, concurrent or later, gets the first reply. Records outlive the timestamp window, so a replayed
/// capture is either stale or answered from its record, never handled twice.
/// </summary>
public sealed class WeChatDedupe(IDatabase redis, IOptions<WeChatOptions> options, TimeProvider time)
{
    private const string Pending = "\u0001pending";

    private TimeSpan RecordLifetime => TimeSpan.FromSeconds(Math.Max(600, options.Value.TimestampToleranceSeconds * 2));

    /// <summary>Whether this delivery is the first and must run the handler, a retry, or unknown while Redis is away.</summary>
    public async Task<DedupeStart> BeginAsync(string dedupeKey)
    {
        try
        {
            return await redis.StringSetAsync(Key(dedupeKey), Pending, RecordLifetime, When.NotExists) ? DedupeStart.First : DedupeStart.Retry;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return DedupeStart.Unavailable;
        }
    }

    /// <summary>
    /// Records the reply for retries. Not awaited by Redis's answer: a retry that comes first simply waits for it
    /// (and the record was taken before the handler ran, so the handler never runs twice).
    /// </summary>
    public Task CompleteAsync(string dedupeKey, string reply) =>
        redis.StringSetAsync(Key(dedupeKey), reply, RecordLifetime, flags: CommandFlags.FireAndForget);

    /// <summary>
    /// The first delivery's reply, waiting for it until <paramref name="deadline"/>; null if it is not ready by then
    /// or Redis went away meanwhile.
    /// </summary>
    public async Task<string?> FirstReplyAsync(string dedupeKey, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            RedisValue value;
            try
            {
                value = await redis.StringGetAsync(Key(dedupeKey));
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                return null;
            }
            if (value.HasValue && value != Pending)
                return value.ToString();
            if (time.GetUtcNow() >= deadline)
                return null;
            await Task.Delay(TimeSpan.FromMilliseconds(25), time, cancellationToken);
        }
    }

    /// <summary>
    /// Plaintext mode: the signature does not cover the body, so a (timestamp, nonce) pair is bound to the first body
    /// seen with it. Another body under the same pair is a forgery. Null while Redis is away: the body is unchecked.
    /// </summary>
    public async Task<bool?> BodyMatchesItsNonceAsync(string timestamp, string nonce, string body)
    {
        var key = $"wechat:nonce:{timestamp}:{nonce}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        try
        {
            if (await redis.StringSetAsync(key, hash, RecordLifetime, When.NotExists))
                return true;
            return await redis.StringGetAsync(key) == hash;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return null;
        }
    }

    /// <summary>A message's dedupe key as a hash: the key names the reader and may hold their words, so it is never kept as is.</summary>
    public static string Fingerprint(string dedupeKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)));

    private static RedisKey Key(string dedupeKey) => "wechat:dedupe:" + Fingerprint(dedupeKey);
}

public enum DedupeStart
{
    /// <summary>The first delivery: it runs the handler and records the reply.</summary>
    First,

    /// <summary>A retry of a delivery already taken: it gets the first reply.</summary>
    Retry,

    /// <summary>Redis is away: no record could be taken, so a retry would run the handler again.</summary>
    Unavailable,
}
