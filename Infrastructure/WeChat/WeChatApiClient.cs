using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// WeChat's server API with the shared access token. A rejected token (40001/40014/42001) is dropped if still
/// stored, replaced once, and the call retried once. Transient failures (-1, 45011, 5xx, unreachable) are retried with
/// exponential backoff and jitter; permanent ones come back at once with their errcode. A send may pass an
/// <see cref="IRequestGate"/>, asked before each request leaves and told how it ended; to such a send a 5xx is an
/// unknown outcome, not a transient one, since WeChat may have processed what its front end then failed to answer.
/// </summary>
public sealed class WeChatApiClient(HttpClient http, AccessTokenOwner tokens, WeChatAlarms alarms, IOptions<WeChatOptions> options,
    TimeProvider time, ILogger<WeChatApiClient> logger)
{
    /// <summary>The longest one request may take (the HTTP client's timeout): a lease must outlast it.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly ResiliencePipeline<WeChatResult<JsonElement>> _retry = new ResiliencePipelineBuilder<WeChatResult<JsonElement>> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<WeChatResult<JsonElement>>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Outcome == WeChatOutcome.Transient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    /// <summary>Sends a template message; the value is WeChat's <c>msgid</c>.</summary>
    public Task<WeChatResult<long>> SendTemplateAsync(TemplateMessage message, CancellationToken cancellationToken) =>
        SendTemplateAsync(message, null, cancellationToken);

    /// <inheritdoc cref="SendTemplateAsync(TemplateMessage, CancellationToken)"/>
    public async Task<WeChatResult<long>> SendTemplateAsync(TemplateMessage message, IRequestGate? gate, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["touser"] = message.ToUser,
            ["template_id"] = message.TemplateId,
            ["client_msg_id"] = message.ClientMsgId,
            ["data"] = new JsonObject(message.Data.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)new JsonObject { ["value"] = f.Value }))),
        };
        if (message.Url is not null)
            body["url"] = message.Url;
        var result = await PostAsync("/cgi-bin/message/template/send", body, gate, cancellationToken);
        return result.Succeeded
            ? WeChatResult<long>.Ok(result.Value.TryGetProperty("msgid", out var id) && id.TryGetInt64(out var msgId) ? msgId : 0)
            : result.As<long>();
    }

    /// <summary>Sends a text custom message (客服消息), allowed within 48 hours of the reader's last interaction.</summary>
    public Task<WeChatResult<bool>> SendCustomTextAsync(string openId, string content, CancellationToken cancellationToken) =>
        SendCustomTextAsync(openId, content, null, cancellationToken);

    /// <inheritdoc cref="SendCustomTextAsync(string, string, CancellationToken)"/>
    public async Task<WeChatResult<bool>> SendCustomTextAsync(string openId, string content, IRequestGate? gate, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["touser"] = openId, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content } };
        var result = await PostAsync("/cgi-bin/message/custom/send", body, gate, cancellationToken);
        return result.Succeeded ? WeChatResult<bool>.Ok(true) : result.As<bool>();
    }

    /// <summary>
    /// A mass text message (群发) to a list of 2–10,000 openids; the value is WeChat's <c>msg_id</c>, which its
    /// MASSSENDJOBFINISH report names. <paramref name="clientMsgId"/> is WeChat's own repeat guard, not relied upon.
    /// </summary>
    public async Task<WeChatResult<long>> SendMassTextAsync(IReadOnlyList<string> openIds, string content, string clientMsgId, IRequestGate? gate,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["touser"] = new JsonArray([.. openIds.Select(o => (JsonNode?)JsonValue.Create(o))]),
            ["msgtype"] = "text",
            ["text"] = new JsonObject { ["content"] = content },
            ["clientmsgid"] = clientMsgId,
        };
        return MsgId(await PostAsync("/cgi-bin/message/mass/send", body, gate, cancellationToken));
    }

    /// <summary>A mass text message to every follower (<paramref name="tagId"/> null) or to those with a tag.</summary>
    public async Task<WeChatResult<long>> SendMassTextToAllAsync(int? tagId, string content, string clientMsgId, IRequestGate? gate,
        CancellationToken cancellationToken)
    {
        var filter = tagId is { } tag ? new JsonObject { ["is_to_all"] = false, ["tag_id"] = tag } : new JsonObject { ["is_to_all"] = true };
        var body = new JsonObject
        {
            ["filter"] = filter, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content }, ["clientmsgid"] = clientMsgId,
        };
        return MsgId(await PostAsync("/cgi-bin/message/mass/sendall", body, gate, cancellationToken));
    }

    /// <summary>WeChat's mass-send preview to one openid (a staff member's own), outside any reader's monthly cap.</summary>
    public async Task<WeChatResult<bool>> PreviewMassTextAsync(string openId, string content, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["touser"] = openId, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content } };
        var result = await PostAsync("/cgi-bin/message/mass/preview", body, null, cancellationToken);
        return result.Succeeded ? WeChatResult<bool>.Ok(true) : result.As<bool>();
    }

    /// <summary>WeChat's status of a mass message (<c>SEND_SUCCESS</c>, <c>SENDING</c>, <c>SEND_FAIL</c>, <c>DELETE</c>).</summary>
    public async Task<WeChatResult<string>> GetMassStatusAsync(long msgId, CancellationToken cancellationToken)
    {
        var result = await PostAsync("/cgi-bin/message/mass/get", new JsonObject { ["msg_id"] = msgId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            null, cancellationToken);
        return result.Succeeded
            ? WeChatResult<string>.Ok(result.Value.TryGetProperty("msg_status", out var status) ? status.GetString() ?? "" : "")
            : result.As<string>();
    }

    // WeChat answers msg_id as a number; some of its documents show it as a string.
    private static WeChatResult<long> MsgId(WeChatResult<JsonElement> result)
    {
        if (!result.Succeeded)
            return result.As<long>();
        long msgId = 0;
        if (result.Value.TryGetProperty("msg_id", out var id) && !(id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out msgId)))
            _ = long.TryParse(id.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out msgId);
        return WeChatResult<long>.Ok(msgId);
    }

    /// <summary>Publishes the account's menu (<c>{"button": [...]}</c>).</summary>
    public async Task<WeChatResult<bool>> CreateMenuAsync(JsonObject menu, CancellationToken cancellationToken)
    {
        var result = await PostAsync("/cgi-bin/menu/create", menu, null, cancellationToken);
        return result.Succeeded ? WeChatResult<bool>.Ok(true) : result.As<bool>();
    }

    private async Task<WeChatResult<JsonElement>> PostAsync(string path, JsonNode body, IRequestGate? gate, CancellationToken cancellationToken)
    {
        var result = await _retry.ExecuteAsync(async token => await PostWithTokenAsync(path, body, gate, token), cancellationToken);
        if (result.Outcome == WeChatOutcome.QuotaExhausted)
            await alarms.PauseForQuotaAsync(NextQuotaReset());
        return result;
    }

    private async Task<WeChatResult<JsonElement>> PostWithTokenAsync(string path, JsonNode body, IRequestGate? gate, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        if (!token.Succeeded)
            return token.As<JsonElement>();
        var result = await PostOnceAsync(path, token.Value!.Value, body, gate, cancellationToken);
        if (result.Error is { } error && WeChatError.IsTokenRejected(error.Code))
        {
            logger.LogWarning("WeChat rejected the access token ({Code}); fetching another and retrying once", error.Code);
            await tokens.RejectAsync(token.Value.Value);
            token = await tokens.GetAsync(cancellationToken);
            if (!token.Succeeded)
                return token.As<JsonElement>();
            result = await PostOnceAsync(path, token.Value!.Value, body, gate, cancellationToken);
        }
        return result;
    }

    private async Task<WeChatResult<JsonElement>> PostOnceAsync(string path, string accessToken, JsonNode body, IRequestGate? gate, CancellationToken cancellationToken)
    {
        if (gate is null)
            return await RequestAsync(path, accessToken, body, WeChatOutcome.Transient, cancellationToken);
        if (!await gate.OpenAsync(cancellationToken))
            return WeChatResult<JsonElement>.Failed(WeChatOutcome.Withheld, new WeChatError(WeChatError.Withheld, "withheld before sending"));
        // A gated send is resent only inside WeChat's dedupe window, so a 5xx that may hide a delivery is unknown.
        var result = await RequestAsync(path, accessToken, body, WeChatOutcome.Unknown, cancellationToken);
        await gate.ClosedAsync(result);
        return result;
    }

    private async Task<WeChatResult<JsonElement>> RequestAsync(string path, string accessToken, JsonNode body, WeChatOutcome serverError,
        CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.ApiBaseUrl.TrimEnd('/')}{path}?access_token={Uri.EscapeDataString(accessToken)}");
        try
        {
            using var response = await http.PostAsJsonAsync(url, body, WeChatJson.Options, cancellationToken);
            if ((int)response.StatusCode >= 500)
                return WeChatResult<JsonElement>.Failed(serverError, new WeChatError(WeChatError.Unreachable, $"HTTP {(int)response.StatusCode}"));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement.Clone();
            var error = WeChatError.From(root);
            return root.TryGetProperty("errcode", out _) && error.Code != 0 ? WeChatResult<JsonElement>.Failed(error) : WeChatResult<JsonElement>.Ok(root);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return WeChatResult<JsonElement>.Failed(WeChatOutcome.Transient, new WeChatError(WeChatError.Unreachable, e.HttpRequestError.ToString()));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Sent, perhaps received: only an idempotent resend (client_msg_id) may follow.
            return WeChatResult<JsonElement>.Failed(WeChatOutcome.Unknown, new WeChatError(WeChatError.Unreachable, e.GetType().Name));
        }
    }

    // WeChat's daily quotas reset at a fixed Beijing time (midnight unless configured otherwise).
    private DateTimeOffset NextQuotaReset()
    {
        var beijing = TimeSpan.FromHours(8);
        var now = time.GetUtcNow().ToOffset(beijing);
        var reset = TimeOnly.ParseExact(options.Value.QuotaResetTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture).ToTimeSpan();
        var next = new DateTimeOffset(now.Date + reset, beijing);
        return next > now ? next : next.AddDays(1);
    }
}
