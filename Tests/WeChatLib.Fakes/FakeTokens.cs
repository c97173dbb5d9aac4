using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WeChatLib.Fakes;

/// <summary>
/// Access tokens as WeChat issues them. Classic <c>/cgi-bin/token</c>: each new token ends the previous classic one
/// after an overlap. <c>stable_token</c>: the same token while valid, a new one only in its last five minutes (the old
/// one lasting to its end); a forced refresh revokes the previous at once. The two never invalidate each other.
/// </summary>
public sealed class FakeTokens
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new();
    private readonly Lock _gate = new();
    private string? _classic;
    private string? _stable;
    private int _classicIssued;
    private int _stableIssued;

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan ClassicOverlap { get; set; } = TimeSpan.FromMinutes(5);

    public int ClassicIssued => _classicIssued;

    public int StableIssued => _stableIssued;

    public int Issued => _classicIssued + _stableIssued;

    public (string Token, int ExpiresIn) IssueClassic()
    {
        lock (_gate)
        {
            if (_classic is not null && _tokens.TryGetValue(_classic, out var previous))
                previous.EndsAt = Min(previous.EndsAt, DateTimeOffset.UtcNow + ClassicOverlap);
            _classic = New(ref _classicIssued);
            return (_classic, (int)Lifetime.TotalSeconds);
        }
    }

    public (string Token, int ExpiresIn) IssueStable(bool force)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_stable is not null && _tokens.TryGetValue(_stable, out var current) && current.Revoked is false)
            {
                if (force)
                    current.Revoked = true;
                else if (current.EndsAt - now > TimeSpan.FromMinutes(5))
                    return (_stable, (int)(current.EndsAt - now).TotalSeconds);
            }
            _stable = New(ref _stableIssued);
            return (_stable, (int)Lifetime.TotalSeconds);
        }
    }

    /// <summary>0 when the token works, else WeChat's errcode for it.</summary>
    public int Check(string? token) =>
        string.IsNullOrEmpty(token) ? 41001
        : !_tokens.TryGetValue(token, out var issued) || issued.Revoked ? 40001
        : issued.EndsAt <= DateTimeOffset.UtcNow ? 42001
        : 0;

    /// <summary>Ends every token at once, as when someone forces a refresh elsewhere.</summary>
    public void RevokeAll()
    {
        foreach (var issued in _tokens.Values)
            issued.Revoked = true;
    }

    private string New(ref int counter)
    {
        var number = Interlocked.Increment(ref counter);
        // Real tokens are opaque and of varying length (keep 512 characters of room); these are 140.
        var token = $"FAKE_{number:D3}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(66))}";
        _tokens[token] = new IssuedToken { EndsAt = DateTimeOffset.UtcNow + Lifetime };
        return token;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class IssuedToken
    {
        public DateTimeOffset EndsAt { get; set; }

        public bool Revoked { get; set; }
    }
}
