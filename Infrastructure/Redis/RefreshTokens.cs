using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Refresh tokens, shared by every instance. Each sign-in starts a family; every refresh marks its token used and
/// issues the next one in the family. Presenting a used token again means a copy is in other hands: the whole family
/// is revoked, and with it every access token that names the family. Only hashes of tokens are stored.
/// </summary>
public sealed class RefreshTokens(IDatabase redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<(string Token, string Family)> IssueAsync(string subject, string? family = null)
    {
        var token = OpaqueTokens.New();
        family ??= Guid.NewGuid().ToString("N");
        var key = TokenKey(token);
        await redis.HashSetAsync(key, [new("subject", subject), new("family", family)]);
        await redis.KeyExpireAsync(key, Lifetime);
        await redis.StringSetAsync(FamilyKey(family), "active", Lifetime, When.NotExists);
        return (token, family);
    }

    public async Task<RefreshResult> RedeemAsync(string token)
    {
        var key = TokenKey(token);
        var fields = (await redis.HashGetAsync(key, ["subject", "family"])).Select(v => (string?)v).ToArray();
        if (fields is not [{ } subject, { } family])
            return new RefreshResult.Invalid();
        if (!await IsFamilyActiveAsync(family))
            return new RefreshResult.Invalid();
        if (!await redis.HashSetAsync(key, "used", "1", When.NotExists))
        {
            await RevokeFamilyAsync(family);
            return new RefreshResult.Reused(subject);
        }
        return new RefreshResult.Valid(subject, family);
    }

    public Task RevokeFamilyAsync(string family) => redis.StringSetAsync(FamilyKey(family), "revoked", Lifetime);

    public async Task<bool> IsFamilyActiveAsync(string family) => await redis.StringGetAsync(FamilyKey(family)) == "active";

    private static RedisKey TokenKey(string token) =>
        "refresh:" + OpaqueTokens.Hash(token);

    private static RedisKey FamilyKey(string family) => $"refresh-family:{family}";
}

public abstract record RefreshResult
{
    private RefreshResult()
    {
    }

    public sealed record Valid(string Subject, string Family) : RefreshResult;

    /// <summary>The token had been used before: its family is now revoked.</summary>
    public sealed record Reused(string Subject) : RefreshResult;

    public sealed record Invalid : RefreshResult;
}
