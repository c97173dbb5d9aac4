using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes;

/// <summary>
/// The parts of WeChat's server API the service calls (<c>api.weixin.qq.com</c>), with WeChat's error codes, and a
/// record of every call for tests and for a newcomer's curiosity.
/// </summary>
public sealed class FakeWeChatApi(FakeWeChatAccount account)
{
    /// <summary>The reader WeChat's in-app browser is signed in as, unless a <c>fake_openid</c> cookie says otherwise.</summary>
    public const string DefaultOpenId = "oFakeReader00000000000000001";
    private const string IdentityCookie = "fake_openid";

    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, OAuthCode> _codes = new();
    private int _tokensIssued;
    private volatile string _stableToken = "";

    public IReadOnlyCollection<RecordedCall> Calls => _calls;

    public int TokensIssued => _tokensIssued;

    internal void Map(WebApplication app)
    {
        app.MapGet("/cgi-bin/token", (HttpRequest request) =>
        {
            Record(request, "");
            var q = request.Query;
            if (q["grant_type"] != "client_credential")
                return Error(40002, "invalid grant_type");
            return CheckCredentials(q["appid"], q["secret"]) ?? Results.Json(new { access_token = IssueToken(), expires_in = 7200 });
        });

        app.MapPost("/cgi-bin/stable_token", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            Record(request, body);
            var json = JsonNode.Parse(body);
            if ((string?)json?["grant_type"] != "client_credential")
                return Error(40002, "invalid grant_type");
            var refused = CheckCredentials((string?)json["appid"], (string?)json["secret"]);
            if (refused is not null)
                return refused;
            if (_stableToken.Length == 0 || (bool?)json["force_refresh"] == true)
                _stableToken = IssueToken();
            return Results.Json(new { access_token = _stableToken, expires_in = 7200 });
        });

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

        app.MapGet("/_fake/calls", () => Results.Json(_calls, JsonSerializerOptions.Web));
    }

    /// <summary>A one-time OAuth code for the openid, valid 5 minutes, as WeChat would append to a redirect.</summary>
    public string IssueOAuthCode(string openId)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new OAuthCode(openId, DateTimeOffset.UtcNow.AddMinutes(5));
        return code;
    }

    /// <summary>Whether the code was exchanged (so a test can tell a planted code was left alone).</summary>
    public bool WasExchanged(string code) => _codes.TryGetValue(code, out var issued) && issued.Used == 1;

    private sealed class OAuthCode(string openId, DateTimeOffset expiresAt)
    {
        public int Used;

        public string OpenId { get; } = openId;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }

    private IResult? CheckCredentials(string? appId, string? secret) =>
        appId != account.AppId ? Error(40013, "invalid appid")
        : secret != account.AppSecret ? Error(40125, "invalid appsecret")
        : null;

    private string IssueToken()
    {
        Interlocked.Increment(ref _tokensIssued);
        // Real tokens are opaque and of varying length; this one is 136 characters.
        return "FAKE_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(64)) + "_" + _tokensIssued.ToString("D2", null);
    }

    private void Record(HttpRequest request, string body)
    {
        var query = string.Join('&', request.Query
            .Where(p => p.Key is not ("secret" or "access_token" or "code"))
            .Select(p => $"{p.Key}={p.Value}"));
        _calls.Enqueue(new RecordedCall(DateTimeOffset.UtcNow, request.Method, request.Path, query, MaskSecret(body)));
    }

    private string MaskSecret(string body) => account.AppSecret.Length == 0 ? body : body.Replace(account.AppSecret, "***", StringComparison.Ordinal);

    private static IResult Error(int code, string message) => Results.Json(new { errcode = code, errmsg = message });
}

public sealed record RecordedCall(DateTimeOffset At, string Method, string Path, string Query, string Body);
