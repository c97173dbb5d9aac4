using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes;

/// <summary>
/// The parts of WeChat's server API the service calls (<c>api.weixin.qq.com</c>), answering with WeChat's error
/// codes: tokens, template, custom and menu messages, OAuth. Every attempt and every accepted message is recorded.
/// </summary>
public sealed partial class FakeWeChatApi(FakeWeChatAccount account)
{
    /// <summary>The reader WeChat's in-app browser is signed in as, unless a <c>fake_openid</c> cookie says otherwise.</summary>
    public const string DefaultOpenId = "oFakeReader00000000000000001";
    internal const string IdentityCookie = "fake_openid";
    private static readonly TimeSpan ClientMsgIdWindow = TimeSpan.FromMinutes(10);

    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, OAuthCode> _codes = new();
    private readonly ConcurrentQueue<SendAttempt> _attempts = new();
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();
    private readonly ConcurrentDictionary<(string ToUser, string ClientMsgId), (long MsgId, DateTimeOffset At)> _byClientMsgId = new();
    private long _nextMsgId = 1_000_000;
    private int _acceptedCount;
    private int _droppedRepeats;
    private int _escapedMessages;

    public FakeTokens Tokens { get; } = new();

    public FakeFaults Faults { get; } = new();

    /// <summary>Readers who do not follow the account (43004).</summary>
    public ConcurrentDictionary<string, bool> Unfollowed { get; } = new();

    /// <summary>Readers whose 48-hour custom-message window has passed (45015).</summary>
    public ConcurrentDictionary<string, bool> OutsideReplyWindow { get; } = new();

    /// <summary>Template ids the account has; empty accepts any.</summary>
    public ConcurrentDictionary<string, bool> Templates { get; } = new();

    public IReadOnlyCollection<RecordedCall> Calls => _calls;

    public IReadOnlyCollection<SendAttempt> Attempts => _attempts;

    public IReadOnlyCollection<AcceptedMessage> Accepted => _accepted;

    /// <summary>Sends answered as success without a second delivery, because their client_msg_id was seen.</summary>
    public int DroppedRepeats => _droppedRepeats;

    /// <summary>Messages that arrived with \uXXXX escapes, which readers would see as such.</summary>
    public int EscapedMessages => _escapedMessages;

    public int TokensIssued => Tokens.Issued;

    /// <summary>Back to a fresh account: no faults, no records, no tokens (tests that share the fake call this).</summary>
    public void Reset()
    {
        Faults.Reset();
        Tokens.RevokeAll();
        _attempts.Clear();
        _accepted.Clear();
        _byClientMsgId.Clear();
        Unfollowed.Clear();
        OutsideReplyWindow.Clear();
        Templates.Clear();
        _massMessages.Clear();
        _acceptedCount = 0;
        _droppedRepeats = 0;
        _escapedMessages = 0;
    }

    internal void Map(WebApplication app)
    {
        app.MapGet("/cgi-bin/token", (HttpRequest request) =>
        {
            Record(request, "");
            if (request.Query["grant_type"] != "client_credential")
                return Error(40002, "invalid grant_type");
            if (CheckCredentials(request.Query["appid"], request.Query["secret"]) is { } refused)
                return refused;
            var (token, expiresIn) = Tokens.IssueClassic();
            return Results.Json(new { access_token = token, expires_in = expiresIn });
        });

        app.MapPost("/cgi-bin/stable_token", async (HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            Record(request, body);
            var json = JsonNode.Parse(body);
            if ((string?)json?["grant_type"] != "client_credential")
                return Error(40002, "invalid grant_type");
            if (CheckCredentials((string?)json["appid"], (string?)json["secret"]) is { } refused)
                return refused;
            var (token, expiresIn) = Tokens.IssueStable((bool?)json["force_refresh"] == true);
            return Results.Json(new { access_token = token, expires_in = expiresIn });
        });

        app.MapPost("/cgi-bin/message/template/send", (HttpRequest request) => SendAsync(request, "template", ValidateTemplate));
        app.MapPost("/cgi-bin/message/custom/send", (HttpRequest request) => SendAsync(request, "custom", ValidateCustom));
        app.MapPost("/cgi-bin/menu/create", (HttpRequest request) => SendAsync(request, "menu", ValidateMenu));
        MapMassSend(app);

        MapOAuth(app);

        app.MapGet("/_fake/calls", () => Results.Json(_calls, JsonSerializerOptions.Web));
        app.MapGet("/_fake/messages", () => Results.Json(_accepted, JsonSerializerOptions.Web));
        app.MapGet("/_fake/attempts", () => Results.Json(_attempts, JsonSerializerOptions.Web));
        app.MapPost("/_fake/faults", (FaultSettings settings) =>
        {
            Faults.BusyRate = settings.BusyRate ?? Faults.BusyRate;
            Faults.QuotaAfter = settings.QuotaAfter ?? Faults.QuotaAfter;
            Faults.Latency = settings.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : Faults.Latency;
            Faults.Status = settings.Status ?? Faults.Status;
            Faults.StatusAnswers = settings.StatusAnswers ?? Faults.StatusAnswers;
            return Results.Json(Faults, JsonSerializerOptions.Web);
        });
        app.MapPost("/_fake/tokens/revoke", () =>
        {
            Tokens.RevokeAll();
            return Results.NoContent();
        });
    }

    private async Task<IResult> SendAsync(HttpRequest request, string kind, Func<JsonObject, string, IResult?> validate)
    {
        var body = await ReadBodyAsync(request);
        Record(request, body);
        if (Faults.Latency > TimeSpan.Zero)
            await Task.Delay(Faults.Latency);
        var tokenError = Tokens.Check(request.Query["access_token"]);
        if (tokenError != 0)
            return Attempt(kind, body, null, Error(tokenError, tokenError == 42001 ? "access_token expired" : "invalid credential"));
        if (Faults.QuotaAfter is { } quota && _acceptedCount >= quota)
            return Attempt(kind, body, null, Error(45009, "reach max api daily quota limit"));
        if (Faults.BusyRate > 0 && Random.Shared.NextDouble() < Faults.BusyRate)
            return Attempt(kind, body, null, Error(-1, "system error"));
        // A menu with \u escapes is refused; in messages WeChat would show them literally, so they are counted.
        if (body.Contains("\\u", StringComparison.Ordinal))
        {
            if (kind == "menu")
                return Attempt(kind, body, null, Error(40033, "invalid charset. please check your request, if include \\uxxxx will create fail!"));
            Interlocked.Increment(ref _escapedMessages);
        }
        if (JsonNode.Parse(body) is not JsonObject json)
            return Attempt(kind, body, null, Error(47001, "data format error"));
        return Attempt(kind, body, json, validate(json, body) ?? Accept(kind, json, body));
    }

    private IResult Accept(string kind, JsonObject json, string body)
    {
        if (kind.StartsWith("mass", StringComparison.Ordinal))
            return AcceptMass(kind, json, body);
        var toUser = (string?)json["touser"] ?? "";
        var clientMsgId = (string?)json["client_msg_id"];
        if (clientMsgId is not null && _byClientMsgId.TryGetValue((toUser, clientMsgId), out var earlier) && DateTimeOffset.UtcNow - earlier.At < ClientMsgIdWindow)
        {
            Interlocked.Increment(ref _droppedRepeats);
            return Results.Json(new { errcode = 0, errmsg = "ok", msgid = earlier.MsgId });
        }
        var msgId = Interlocked.Increment(ref _nextMsgId);
        if (clientMsgId is not null && !_byClientMsgId.TryAdd((toUser, clientMsgId), (msgId, DateTimeOffset.UtcNow)))
        {
            Interlocked.Increment(ref _droppedRepeats);
            return Results.Json(new { errcode = 0, errmsg = "ok", msgid = _byClientMsgId[(toUser, clientMsgId)].MsgId });
        }
        Interlocked.Increment(ref _acceptedCount);
        _accepted.Enqueue(new AcceptedMessage(DateTimeOffset.UtcNow, kind, msgId, toUser, clientMsgId, (string?)json["template_id"], body, CutFields(json)));
        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = msgId });
    }

    private IResult? ValidateTemplate(JsonObject json, string body) =>
        (string?)json["touser"] is not { } toUser || !OpenIdPattern().IsMatch(toUser) ? Error(40003, "invalid openid")
        : Unfollowed.ContainsKey(toUser) ? Error(43004, "require subscribe")
        : (string?)json["template_id"] is not { Length: > 0 } templateId || (!Templates.IsEmpty && !Templates.ContainsKey(templateId)) ? Error(40037, "invalid template_id")
        : json["data"] is not JsonObject data || data.Any(f => f.Value?["value"] is null) ? Error(47001, "data format error")
        : null;

    private IResult? ValidateCustom(JsonObject json, string body) =>
        (string?)json["touser"] is not { } toUser || !OpenIdPattern().IsMatch(toUser) ? Error(40003, "invalid openid")
        : OutsideReplyWindow.ContainsKey(toUser) ? Error(45015, "response out of time limit or subscription is canceled")
        : (string?)json["msgtype"] != "text" || (string?)json["text"]?["content"] is not { Length: > 0 } ? Error(47001, "data format error")
        : null;

    private static IResult? ValidateMenu(JsonObject json, string body)
    {
        if (json["button"] is not JsonArray buttons || buttons.Count is 0 or > 3)
            return Error(40016, "invalid button size");
        foreach (var button in buttons.OfType<JsonObject>())
        {
            if (Bytes(button["name"]) > 16)
                return Error(40018, "invalid button name size");
            if (button["sub_button"] is JsonArray subs && (subs.Count > 5 || subs.OfType<JsonObject>().Any(s => Bytes(s["name"]) > 60)))
                return Error(40017, "invalid sub button size");
        }
        return null;
    }

    private static int Bytes(JsonNode? name) => System.Text.Encoding.UTF8.GetByteCount((string?)name ?? "");

    // WeChat cuts a template field past 20 characters (a run of letters or digits counting as one) without an error.
    private static int CutFields(JsonObject json) =>
        json["data"] is JsonObject data ? data.Count(f => WeChatCharacters((string?)f.Value?["value"] ?? "") > 20) : 0;

    public static int WeChatCharacters(string text) => new System.Globalization.StringInfo(LetterOrDigitRun().Replace(text, "a")).LengthInTextElements;

    private IResult Attempt(string kind, string body, JsonObject? json, IResult answer)
    {
        // WeChat has done its part; the gateway in front of it may still answer with an HTTP error.
        if (Faults.TakeStatusAnswer())
            answer = Results.StatusCode(Faults.Status);
        var node = json ?? (JsonNode.Parse(body) as JsonObject);
        _attempts.Enqueue(new SendAttempt(DateTimeOffset.UtcNow, kind, node?["touser"] is JsonValue to ? (string?)to : null, (string?)node?["client_msg_id"], (answer as IStatusCodeHttpResult)?.StatusCode, Describe(answer)));
        return answer;
    }

    private static string Describe(IResult answer) =>
        answer is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value) : "";

    private IResult? CheckCredentials(string? appId, string? secret) =>
        appId != account.AppId ? Error(40013, "invalid appid")
        : secret != account.AppSecret ? Error(40125, "invalid appsecret")
        : null;

    private void Record(HttpRequest request, string body)
    {
        var query = string.Join('&', request.Query
            .Where(p => p.Key is not ("secret" or "access_token" or "code"))
            .Select(p => $"{p.Key}={p.Value}"));
        _calls.Enqueue(new RecordedCall(DateTimeOffset.UtcNow, request.Method, request.Path, query, MaskSecret(body)));
    }

    private string MaskSecret(string body) => account.AppSecret.Length == 0 ? body : body.Replace(account.AppSecret, "***", StringComparison.Ordinal);

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync();
    }

    private static IResult Error(int code, string message) => Results.Json(new { errcode = code, errmsg = message });

    [GeneratedRegex("^[0-9A-Za-z_-]{6,64}$")]
    private static partial Regex OpenIdPattern();

    [GeneratedRegex("[0-9A-Za-z]+")]
    private static partial Regex LetterOrDigitRun();

    private sealed record FaultSettings(double? BusyRate, int? QuotaAfter, int? LatencyMs, int? Status, int? StatusAnswers);
}

public sealed record RecordedCall(DateTimeOffset At, string Method, string Path, string Query, string Body);

/// <summary>One call to a sending endpoint and WeChat's answer to it, accepted or not.</summary>
public sealed record SendAttempt(DateTimeOffset At, string Kind, string? ToUser, string? ClientMsgId, int? Status, string Answer);

/// <summary>A message WeChat would deliver; <see cref="CutFields"/> counts template fields WeChat would cut short.</summary>
public sealed record AcceptedMessage(DateTimeOffset At, string Kind, long MsgId, string ToUser, string? ClientMsgId, string? TemplateId, string Body, int CutFields);
