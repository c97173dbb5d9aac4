using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes;

/// <summary>
/// Mass messages (群发): to an openid list (2–10,000), to all followers or a tag, the preview to one openid, and the
/// status of a message sent. Each accepted mass message is recorded with its readers; WeChat's MASSSENDJOBFINISH report
/// is the tests' to post back.
/// </summary>
public sealed partial class FakeWeChatApi
{
    public const int MaxMassOpenIds = 10_000;

    private readonly ConcurrentQueue<MassMessage> _massMessages = new();

    /// <summary>Mass messages and previews accepted, in order.</summary>
    public IReadOnlyCollection<MassMessage> MassMessages => _massMessages;

    private void MapMassSend(WebApplication app)
    {
        app.MapPost("/cgi-bin/message/mass/send", (HttpRequest request) => SendAsync(request, "mass", ValidateMassList));
        app.MapPost("/cgi-bin/message/mass/sendall", (HttpRequest request) => SendAsync(request, "mass-all", ValidateMassAll));
        app.MapPost("/cgi-bin/message/mass/preview", (HttpRequest request) => SendAsync(request, "mass-preview", ValidateMassPreview));
        app.MapPost("/cgi-bin/message/mass/get", async (HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            Record(request, body);
            if (Tokens.Check(request.Query["access_token"]) is var tokenError and not 0)
                return Error(tokenError, "invalid credential");
            var msgId = (string?)JsonNode.Parse(body)?["msg_id"];
            return _massMessages.Any(m => m.MsgId.ToString(System.Globalization.CultureInfo.InvariantCulture) == msgId)
                ? Results.Json(new { msg_id = long.Parse(msgId!, System.Globalization.CultureInfo.InvariantCulture), msg_status = "SEND_SUCCESS" })
                : Error(40007, "invalid media_id");
        });
        app.MapGet("/_fake/mass", () => Results.Json(_massMessages, JsonSerializerOptions.Web));
    }

    private IResult? ValidateMassList(JsonObject json, string body) =>
        json["touser"] is not JsonArray users || users.Count is < 2 or > MaxMassOpenIds ? Error(40130, "invalid openid list size, at least two openid")
        : users.Any(u => (string?)u is not { } openId || !OpenIdPattern().IsMatch(openId)) ? Error(40003, "invalid openid")
        : ValidateMassContent(json);

    private static IResult? ValidateMassAll(JsonObject json, string body) =>
        json["filter"] is not JsonObject filter || ((bool?)filter["is_to_all"] != true && filter["tag_id"] is null) ? Error(47001, "data format error")
        : ValidateMassContent(json);

    private IResult? ValidateMassPreview(JsonObject json, string body) =>
        (string?)json["touser"] is not { } toUser || !OpenIdPattern().IsMatch(toUser) ? Error(40003, "invalid openid")
        : Unfollowed.ContainsKey(toUser) ? Error(43004, "require subscribe")
        : ValidateMassContent(json);

    private static IResult? ValidateMassContent(JsonObject json) =>
        (string?)json["msgtype"] != "text" || (string?)json["text"]?["content"] is not { Length: > 0 } ? Error(47001, "data format error") : null;

    private IResult AcceptMass(string kind, JsonObject json, string body)
    {
        var msgId = Interlocked.Increment(ref _nextMsgId);
        Interlocked.Increment(ref _acceptedCount);
        string[] readers = json["touser"] switch
        {
            JsonArray list => [.. list.Select(u => (string)u!)],
            JsonValue one => [(string)one!],
            _ => [],
        };
        _massMessages.Enqueue(new MassMessage(DateTimeOffset.UtcNow, kind, msgId, readers, (string?)json["text"]?["content"] ?? "",
            (string?)json["clientmsgid"]));
        return kind == "mass-preview"
            ? Results.Json(new { errcode = 0, errmsg = "preview success", msg_id = msgId })
            : Results.Json(new { errcode = 0, errmsg = "send job submission success", msg_id = msgId, msg_data_id = msgId });
    }
}

/// <summary>A mass message (or preview) the fake accepted: to whom, and what it said.</summary>
public sealed record MassMessage(DateTimeOffset At, string Kind, long MsgId, IReadOnlyList<string> OpenIds, string Content, string? ClientMsgId);
