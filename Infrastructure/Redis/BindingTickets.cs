using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Short-lived proof that a browser has shown us an openid through WeChat OAuth, for a reader who is not bound
/// yet. The ticket stands in for the openid, which never reaches the browser; a CSRF token goes with it for forms.
/// A ticket serves until a binding succeeds with it, then it is gone.
/// </summary>
public sealed class BindingTickets(IDatabase redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public async Task<(string Ticket, string Csrf)> IssueAsync(string openId)
    {
        var ticket = OpaqueTokens.New();
        var csrf = OpaqueTokens.New(24);
        var key = Key(ticket);
        await redis.HashSetAsync(key, [new("openid", openId), new("csrf", csrf)]);
        await redis.KeyExpireAsync(key, Lifetime);
        return (ticket, csrf);
    }

    public async Task<(string OpenId, string Csrf)?> FindAsync(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 100)
            return null;
        var fields = (await redis.HashGetAsync(Key(ticket), ["openid", "csrf"])).Select(v => (string?)v).ToArray();
        return fields is [{ } openId, { } csrf] ? (openId, csrf) : null;
    }

    public Task ConsumeAsync(string ticket) => redis.KeyDeleteAsync(Key(ticket));

    private static RedisKey Key(string ticket) => "binding-ticket:" + OpaqueTokens.Hash(ticket);
}
