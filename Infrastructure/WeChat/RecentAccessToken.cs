namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// The shared access token as this instance last read it from Redis, kept for a few seconds so that a burst of sends
/// does not read Redis once per request. A token WeChat rejects is forgotten at once, and a read that started before the
/// rejection cannot bring it back; a token never replaces one that lasts longer, so a slow read cannot bring back an
/// older token. While none is kept, the callers of one instance share a single read (and refresh, if one is due), so a
/// burst on a cold cache asks Redis once rather than once per send.
/// </summary>
public sealed class RecentAccessToken(TimeProvider time)
{
    /// <summary>How long a token read from Redis is used without reading it again.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private AccessToken? _token;
    private DateTimeOffset _readAt;
    private string? _rejected;
    private int _rejections;
    private Task<WeChatResult<AccessToken>>? _obtaining;
    private int _obtainingAfter;

    /// <summary>The token read less than <see cref="KeepFor"/> ago, if any.</summary>
    public AccessToken? Get()
    {
        lock (_gate)
            return _token is not null && time.GetUtcNow() - _readAt < KeepFor ? _token : null;
    }

    public void Keep(AccessToken token)
    {
        lock (_gate)
        {
            if (token.Value == _rejected || (_token is not null && time.GetUtcNow() - _readAt < KeepFor && _token.ExpiresAt > token.ExpiresAt))
                return;
            _token = token;
            _readAt = time.GetUtcNow();
        }
    }

    /// <summary>
    /// Joins the read already under way, or starts <paramref name="obtain"/>. A read that began before a rejection is not
    /// joined: it may bring back the token just rejected.
    /// </summary>
    public Task<WeChatResult<AccessToken>> Share(Func<Task<WeChatResult<AccessToken>>> obtain)
    {
        lock (_gate)
        {
            if (_obtaining is null || _obtaining.IsCompleted || _obtainingAfter != _rejections)
            {
                _obtaining = Task.Run(obtain);
                _obtainingAfter = _rejections;
            }
            return _obtaining;
        }
    }

    public void Forget(string rejected)
    {
        lock (_gate)
        {
            _rejected = rejected;
            _rejections++;
            if (_token?.Value == rejected)
                _token = null;
        }
    }
}
