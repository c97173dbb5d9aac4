using System.Globalization;
using StackExchange.Redis;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Refresh tokens, shared by every instance. Each sign-in starts a session family, listed under its subject so that
/// all of a patron's sessions can be found and ended; every refresh marks its token used and issues the next one in
/// the family. Presenting a used token again means a copy is in other hands: the whole family is revoked, and with it
/// every access token that names the family. Only hashes of tokens are stored.
/// </summary>
public sealed class RefreshTokens(IDatabase redis) : IPatronSessions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>The subject of a reader's tokens (<c>sub</c> of the access token).</summary>
    public static string PatronSubject(long patronId) => $"patron:{patronId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a session family, with what a reader's session was started under.</summary>
    public async Task<string> StartFamilyAsync(string subject, ReaderSessionStart? reader = null)
    {
        var family = Guid.NewGuid().ToString("N");
        var writes = new List<Task>
        {
            redis.StringSetAsync(FamilyKey(family), "active", Lifetime),
            redis.SetAddAsync(SubjectKey(subject), family),
            redis.KeyExpireAsync(SubjectKey(subject), Lifetime),
        };
        if (reader is not null)
        {
            writes.Add(redis.HashSetAsync(ReaderKey(family), [new("openid", reader.OpenId), new("standing", reader.StartedWith.ToString())]));
            writes.Add(redis.KeyExpireAsync(ReaderKey(family), Lifetime));
        }
        await Task.WhenAll(writes);
        return family;
    }

    /// <summary>A refresh token in the family, or in a new family when none is given.</summary>
    public async Task<(string Token, string Family)> IssueAsync(string subject, string? family = null)
    {
        family ??= await StartFamilyAsync(subject);
        var token = OpaqueTokens.New();
        var key = TokenKey(token);
        await redis.HashSetAsync(key, [new("subject", subject), new("family", family)]);
        await redis.KeyExpireAsync(key, Lifetime);
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
        return new RefreshResult.Valid(subject, family, await ReaderStartAsync(family));
    }

    /// <summary>What a reader's session family was started under; null for staff, or a family unknown or expired.</summary>
    public async Task<ReaderSessionStart?> ReaderStartAsync(string family)
    {
        var reader = (await redis.HashGetAsync(ReaderKey(family), ["openid", "standing"])).Select(v => (string?)v).ToArray();
        return reader is [{ } openId, { } standing] && Enum.TryParse<Standing>(standing, out var startedWith) ? new ReaderSessionStart(openId, startedWith) : null;
    }

    public Task RevokeFamilyAsync(string family) => redis.StringSetAsync(FamilyKey(family), "revoked", Lifetime);

    public async Task<bool> IsFamilyActiveAsync(string family) => await redis.StringGetAsync(FamilyKey(family)) == "active";

    /// <summary>Ends every session of the patrons. A family started meanwhile stays listed, for its own sign-in to check.</summary>
    public async Task EndAllAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken)
    {
        var subjects = patronIds.Distinct().Select(id => SubjectKey(PatronSubject(id))).ToList();
        var families = await Task.WhenAll(subjects.Select(subject => redis.SetMembersAsync(subject)));
        await Task.WhenAll(subjects.Zip(families).Where(s => s.Second.Length > 0).SelectMany(s =>
            s.Second.Select(family => RevokeFamilyAsync(family.ToString())).Append(redis.SetRemoveAsync(s.First, s.Second))));
    }

    public TimeSpan LongestLife => Lifetime;

    public async Task<int> EndStartedInBetterStandingAsync(IReadOnlyCollection<long> patronIds, Standing now, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var chunk in patronIds.Distinct().Chunk(100))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subjects = chunk.Select(id => SubjectKey(PatronSubject(id))).ToList();
            var families = await Task.WhenAll(subjects.Select(subject => redis.SetMembersAsync(subject)));
            var listed = subjects.Zip(families).SelectMany(s => s.Second.Select(family => (Subject: s.First, Family: family.ToString()))).ToList();
            var starts = await Task.WhenAll(listed.Select(l => ReaderStartAsync(l.Family)));
            var toEnd = listed.Zip(starts).Where(l => l.Second is { } start && start.StartedWith < now).Select(l => l.First).ToList();
            // A family without its record has expired (or was never a reader's): only its listing is left to remove.
            var gone = listed.Zip(starts).Where(l => l.Second is null).Select(l => l.First);
            await Task.WhenAll(toEnd.Select(l => RevokeFamilyAsync(l.Family))
                .Concat(toEnd.Concat(gone).Select(l => redis.SetRemoveAsync(l.Subject, l.Family))));
            ended += toEnd.Count;
        }
        return ended;
    }

    private static RedisKey TokenKey(string token) => "refresh:" + OpaqueTokens.Hash(token);

    private static RedisKey FamilyKey(string family) => $"refresh-family:{family}";

    private static RedisKey ReaderKey(string family) => $"refresh-family-reader:{family}";

    private static RedisKey SubjectKey(string subject) => $"sessions-of:{subject}";
}

/// <summary>What a reader's session was started under: the WeChat account bound then, and the standing then.</summary>
public sealed record ReaderSessionStart(string OpenId, Standing StartedWith);

public abstract record RefreshResult
{
    private RefreshResult()
    {
    }

    /// <param name="Reader">For a reader's session, what it was started under.</param>
    public sealed record Valid(string Subject, string Family, ReaderSessionStart? Reader) : RefreshResult;

    /// <summary>The token had been used before: its family is now revoked.</summary>
    public sealed record Reused(string Subject) : RefreshResult;

    public sealed record Invalid : RefreshResult;
}
