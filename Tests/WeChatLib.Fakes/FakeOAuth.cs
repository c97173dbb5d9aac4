using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes;

public sealed partial class FakeWeChatApi
{
    /// <summary>A one-time OAuth code for the openid, valid 5 minutes, as WeChat would append to a redirect.</summary>
    public string IssueOAuthCode(string openId)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new OAuthCode(openId, DateTimeOffset.UtcNow.AddMinutes(5));
        return code;
    }

    /// <summary>Whether the code was exchanged (so a test can tell a planted code was left alone).</summary>
    public bool WasExchanged(string code) => _codes.TryGetValue(code, out var issued) && issued.Used == 1;

    private void MapOAuth(WebApplication app)
    {
        // WeChat OAuth2 web authorization with snsapi_base: silent, straight back to the redirect URI with a code.
        app.MapGet("/connect/oauth2/authorize", (HttpRequest request, string? appid, string? redirect_uri, string? state) =>
        {
            Record(request, "");
            if (appid != account.AppId || string.IsNullOrEmpty(redirect_uri))
                return Results.Text("appid or redirect_uri is wrong", statusCode: 400);
            var code = IssueOAuthCode(request.Cookies[IdentityCookie] is { Length: > 0 } openId ? openId : DefaultOpenId);
            var separator = redirect_uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect($"{redirect_uri}{separator}code={code}&state={Uri.EscapeDataString(state ?? "")}");
        });

        app.MapGet("/sns/oauth2/access_token", (HttpRequest request, string? appid, string? secret, string? code, string? grant_type) =>
        {
            Record(request, "");
            if (grant_type != "authorization_code")
                return Error(40002, "invalid grant_type");
            if (CheckCredentials(appid, secret) is { } refused)
                return refused;
            if (code is null || !_codes.TryGetValue(code, out var issued) || issued.ExpiresAt < DateTimeOffset.UtcNow)
                return Error(40029, "invalid code");
            if (Interlocked.Exchange(ref issued.Used, 1) == 1)
                return Error(40163, "code been used");
            return Results.Json(new { access_token = "FAKE_OAUTH_" + code, expires_in = 7200, refresh_token = "FAKE_REFRESH_" + code, openid = issued.OpenId, scope = "snsapi_base" });
        });

        // Lets a person (or a browser test) choose which reader the fake WeChat client is signed in as.
        app.MapGet("/_fake/wechat-user", (HttpResponse response, string openid) =>
        {
            response.Cookies.Append(IdentityCookie, openid, new CookieOptions { Path = "/", HttpOnly = true });
            return Results.Text($"The fake WeChat client is now signed in as {openid}.\n");
        });
    }

    private sealed class OAuthCode(string openId, DateTimeOffset expiresAt)
    {
        public int Used;

        public string OpenId { get; } = openId;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }
}
