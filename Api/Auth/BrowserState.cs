using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WeChatLib.Api.Auth;

/// <summary>
/// Proof that a browser started a WeChat OAuth round trip: a random state in an HttpOnly cookie, which the code must
/// come back with. A code planted by someone else (login CSRF) comes with their state, not this browser's cookie.
/// </summary>
public static class BrowserState
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    public static bool Matches(string? expected, string? actual) =>
        !string.IsNullOrEmpty(expected) && actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    public static CookieOptions Cookie(string path, bool https, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = https,
        // Lax: the cookie must come back on WeChat's and the campus login's top-level redirects to us.
        SameSite = SameSiteMode.Lax,
        Path = path,
        MaxAge = lifetime,
        IsEssential = true,
    };
}
