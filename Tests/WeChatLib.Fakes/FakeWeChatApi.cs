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
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
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

        app.MapGet("/_fake/calls", () => Results.Json(_calls, JsonSerializerOptions.Web));
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
            .Where(p => p.Key is not ("secret" or "access_token"))
            .Select(p => $"{p.Key}={p.Value}"));
        _calls.Enqueue(new RecordedCall(DateTimeOffset.UtcNow, request.Method, request.Path, query, MaskSecret(body)));
    }

    private string MaskSecret(string body) => account.AppSecret.Length == 0 ? body : body.Replace(account.AppSecret, "***", StringComparison.Ordinal);

    private static IResult Error(int code, string message) => Results.Json(new { errcode = code, errmsg = message });
}

public sealed record RecordedCall(DateTimeOffset At, string Method, string Path, string Query, string Body);
