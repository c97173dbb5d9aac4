using System.Text.Json;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// The first answer to each <c>Idempotency-Key</c>, shared by every instance. A key is reserved before the request
/// runs, so that a repeat arriving meanwhile is told to wait rather than run it a second time; the answer is then kept
/// for a day. Keys are scoped to the caller: one reader cannot see another's answer by guessing a key.
/// </summary>
public sealed class IdempotencyKeys(IDatabase redis)
{
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromHours(24);

    /// <summary>How long a reservation stands if its request never finishes (the instance died mid-request).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Reserves the key for this request, or returns what the key already holds.</summary>
    public async Task<KeptRequest?> ReserveAsync(string scope, string key, string fingerprint)
    {
        var redisKey = Key(scope, key);
        var reservation = JsonSerializer.Serialize(new KeptRequest(fingerprint, null, null, null));
        if (await redis.StringSetAsync(redisKey, reservation, ReservationLifetime, When.NotExists))
            return null;
        var held = await redis.StringGetAsync(redisKey);
        // Gone between the two calls (a reservation released): treat as in progress, the client retries.
        return held.HasValue ? JsonSerializer.Deserialize<KeptRequest>(held.ToString())! : new KeptRequest(fingerprint, null, null, null);
    }

    public Task KeepAsync(string scope, string key, KeptRequest answer) =>
        redis.StringSetAsync(Key(scope, key), JsonSerializer.Serialize(answer), AnswerLifetime);

    /// <summary>Frees the key after a failure the client may retry (a server error): nothing was kept.</summary>
    public Task ReleaseAsync(string scope, string key) => redis.KeyDeleteAsync(Key(scope, key));

    private static RedisKey Key(string scope, string key) => $"idempotency:{scope}:{key}";
}

/// <summary>A request kept under its key: the fingerprint of what was asked and, once answered, the answer.</summary>
public sealed record KeptRequest(string Fingerprint, int? Status, string? ContentType, string? Body)
{
    public bool Answered => Status is not null;
}
