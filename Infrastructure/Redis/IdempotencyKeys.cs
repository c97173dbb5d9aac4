using System.Text.Json;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// The first answer to each <c>Idempotency-Key</c>, shared by every instance. A key is reserved before the request
/// runs, so that a repeat arriving meanwhile is told to wait rather than run it a second time; the answer then replaces
/// the reservation and is kept for a day. Only the request holding the reservation may answer or free it: a first
/// request that outlived its reservation never overwrites what a later one kept. Keys are scoped to the caller.
/// </summary>
public sealed class IdempotencyKeys(IDatabase redis)
{
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromHours(24);

    /// <summary>How long a reservation stands if its request never finishes (the instance died mid-request).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    // Replace (or delete, with no new value) the key only while it still holds this request's reservation.
    private const string IfStillReserved = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
        return 1
        """;

    /// <summary>Reserves the key for this request (<see cref="Reserved.Held"/> null), or returns what the key already holds.</summary>
    public async Task<Reserved> ReserveAsync(string scope, string key, string fingerprint)
    {
        var redisKey = Key(scope, key);
        var reservation = JsonSerializer.Serialize(new KeptRequest(fingerprint, null, null, null, Guid.NewGuid().ToString("N")));
        if (await redis.StringSetAsync(redisKey, reservation, ReservationLifetime, When.NotExists))
            return new Reserved(reservation, null);
        var held = await redis.StringGetAsync(redisKey);
        // Freed between the two calls: report it as running, and the client retries.
        return new Reserved(null, held.HasValue ? JsonSerializer.Deserialize<KeptRequest>(held.ToString())! : new KeptRequest(fingerprint, null, null, null, null));
    }

    public Task KeepAsync(string scope, string key, string reservation, KeptRequest answer) =>
        redis.ScriptEvaluateAsync(IfStillReserved, [Key(scope, key)],
            [reservation, JsonSerializer.Serialize(answer), (long)AnswerLifetime.TotalMilliseconds]);

    /// <summary>Frees the key after a failure the client may retry (a server error): nothing was kept.</summary>
    public Task ReleaseAsync(string scope, string key, string reservation) =>
        redis.ScriptEvaluateAsync(IfStillReserved, [Key(scope, key)], [reservation, "", 0]);

    private static RedisKey Key(string scope, string key) => $"idempotency:{scope}:{key}";
}

/// <summary>This request's reservation (the key was free), or what the key already <paramref name="Held"/>.</summary>
public sealed record Reserved(string? Reservation, KeptRequest? Held);

/// <summary>A request kept under its key: the fingerprint of what was asked and, once answered, the answer.</summary>
public sealed record KeptRequest(string Fingerprint, int? Status, string? ContentType, string? Body, string? Token = null)
{
    public bool Answered => Status is not null;
}
