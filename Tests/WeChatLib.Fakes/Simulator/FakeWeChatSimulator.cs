using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes.Simulator;

/// <summary>
/// The fake WeChat's phone face at <c>/simulator</c>: phones that chat with the account. Each message goes to the
/// service's server URL as WeChat's servers would post it (signed, and encrypted unless in plain mode); the reply is
/// opened as WeChat would open it; pushes the fake API accepted for a phone's openid show as they arrive.
/// </summary>
public sealed partial class FakeWeChatSimulator(FakeWeChatApi weChat, FakeWeChatAccount account, SimulatorTarget target) : IDisposable
{
    /// <summary>The account's original id (<c>gh_…</c>), as <c>ToUserName</c> of every message.</summary>
    public const string AccountId = "gh_wechatlib0001";

    // WeChat gives the server five seconds, then hangs up (and retries; a person clicking again is the retry here).
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = ReplyWait };

    /// <summary>Where messages go and how they are sealed; tests point it at the service they start.</summary>
    public SimulatorTarget Target { get; set; } = target;

    /// <summary>The demo readers of README.md's table, offered in each phone's reader list.</summary>
    public static IReadOnlyList<SimulatedReader> DemoReaders { get; } =
    [
        new("oDemo20250101", "陈晓"),
        new("oDemo20250102", "林静"),
        new("oDemo20240103", "王磊"),
        new("oDemo20230104", "周宁"),
        new("oDemoT2008105", "刘建国"),
        new("oDemo20210004", "赵六"),
        new("oDemo20180005", "钱七"),
        new(FakeWeChatApi.DefaultOpenId, "未绑定"),
    ];

    internal void Map(WebApplication app)
    {
        app.MapGet("/simulator", (HttpResponse response) => Asset(response, "simulator.html", "text/html; charset=utf-8"));
        app.MapGet("/simulator/simulator.js", (HttpResponse response) => Asset(response, "simulator.js", "text/javascript; charset=utf-8"));
        app.MapGet("/simulator/simulator.css", (HttpResponse response) => Asset(response, "simulator.css", "text/css; charset=utf-8"));
        app.MapGet("/simulator/api/state", State);
        app.MapGet("/simulator/api/pushes", (int? accepted, int? mass) => Pushes(accepted ?? 0, mass ?? 0));
        app.MapPost("/simulator/api/send", SendAsync);
        // A view button or a template link, opened as this phone's reader: WeChat's browser signs in as them.
        app.MapGet("/simulator/open", (HttpResponse response, string? openid, string? url) =>
        {
            if (openid is null || !OpenIdPattern().IsMatch(openid) || !Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https")
                || !target.IsLoopback)
                return Results.Text("openid and an absolute http(s) url of a service on this machine are needed", statusCode: 400);
            response.Cookies.Append(FakeWeChatApi.IdentityCookie, openid, new CookieOptions { Path = "/", HttpOnly = true });
            return Results.Redirect(target.ToString());
        });
    }

    private IResult State()
    {
        var (menu, menuId) = Menu();
        return Results.Json(new SimulatorState(Target.CallbackUrl.ToString(), Name(Target.Mode), DemoReaders, menu, menuId,
            weChat.Accepted.Count, weChat.MassMessages.Count), JsonSerializerOptions.Web);
    }

    // Positions in the fake's append-only records, not message ids: ids are taken before a message is recorded, so a
    // later one may be recorded first.
    private IResult Pushes(int accepted, int mass)
    {
        var acceptedNow = weChat.Accepted.ToArray();
        var massNow = weChat.MassMessages.ToArray();
        // The records were cleared (a test's Reset): start again from the top.
        if (accepted > acceptedNow.Length || mass > massNow.Length)
            (accepted, mass) = (0, 0);
        var pushes = new List<SimulatorPush>();
        foreach (var message in acceptedNow.Skip(accepted).Where(m => m.Kind is "template" or "custom"))
        {
            var json = JsonNode.Parse(message.Body)!.AsObject();
            pushes.Add(message.Kind == "template"
                ? new SimulatorPush(message.MsgId, message.At, "template", [message.ToUser], false, null, message.TemplateId, (string?)json["url"],
                    json["data"] is JsonObject data ? [.. data.Select(f => new TemplateField(f.Key, (string?)f.Value?["value"] ?? ""))] : [])
                : new SimulatorPush(message.MsgId, message.At, "custom", [message.ToUser], false, (string?)json["text"]?["content"], null, null, []));
        }
        foreach (var message in massNow.Skip(mass))
            pushes.Add(new SimulatorPush(message.MsgId, message.At, "mass", message.OpenIds, message.Kind == "mass-all", message.Content, null, null, []));
        pushes.Sort((a, b) => a.At.CompareTo(b.At));
        return Results.Json(new SimulatorPushes(acceptedNow.Length, massNow.Length, Menu(acceptedNow).Id, pushes), JsonSerializerOptions.Web);
    }

    private async Task<IResult> SendAsync(SimulatorSend send)
    {
        var target = Target;
        if (!OpenIdPattern().IsMatch(send.OpenId ?? ""))
            return Results.BadRequest(new { error = "openid" });
        if (!Enum.TryParse<SimulatorMode>(send.Mode, ignoreCase: true, out var mode) || int.TryParse(send.Mode, out _))
            return Results.BadRequest(new { error = "mode" });
        if (!Uri.TryCreate(send.CallbackUrl ?? target.CallbackUrl.ToString(), UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https")
            || !callback.IsLoopback)
            // Signed with the account's Token and key: only ever sent to a service on this machine.
            return Results.BadRequest(new { error = "callbackUrl" });
        if (Compose(send) is not { } message)
            return Results.BadRequest(new { error = "type" });

        var envelope = new CallbackEnvelope(target.Token, target.EncodingAesKey, account.AppId);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var sealedCallback = envelope.Seal(message, mode, send.OpenId!, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), nonce);
        var separator = string.IsNullOrEmpty(callback.Query) ? "?" : "&";
        HttpResponseMessage response;
        try
        {
            using var content = new StringContent(sealedCallback.Body, Encoding.UTF8, "text/xml");
            response = await _http.PostAsync(new Uri(callback + separator + sealedCallback.Query), content);
        }
        catch (TaskCanceledException)
        {
            return Outcome(null, null, "timeout", "no answer within 5 s");
        }
        catch (HttpRequestException e)
        {
            return Outcome(null, null, "unreachable", e.Message);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status != 200)
                return Outcome(status, null, "status", $"HTTP {status}");
            var opened = envelope.Open(await response.Content.ReadAsStringAsync(), mode);
            if (opened.Failure is { } failure)
                return Outcome(status, null, "reply", failure);
            if (opened.Xml is not { } xml)
                return Outcome(status, null, null, null);
            if ((string?)xml.Element("ToUserName") != send.OpenId)
                return Outcome(status, null, "reply", "the reply is addressed to another reader");
            return Outcome(status, Reply(xml), null, null);
        }
    }

    private static IResult Outcome(int? status, SimulatorReply? reply, string? error, string? detail) =>
        Results.Json(new SimulatorOutcome(status, reply, error, detail), JsonSerializerOptions.Web);

    private static SimulatorReply Reply(XElement xml) => (string?)xml.Element("MsgType") switch
    {
        "text" => new SimulatorReply("text", (string?)xml.Element("Content") ?? "", []),
        "news" => new SimulatorReply("news", null, [.. (xml.Element("Articles")?.Elements("item") ?? []).Select(item => new SimulatorArticle(
            (string?)item.Element("Title") ?? "", (string?)item.Element("Description") ?? "", (string?)item.Element("Url") ?? "", (string?)item.Element("PicUrl") ?? ""))]),
        var other => new SimulatorReply(other ?? "unknown", null, []),
    };

    /// <summary>The message WeChat would build for what the reader did, or null for an unknown action.</summary>
    private static XElement? Compose(SimulatorSend send)
    {
        XElement Message(string type, params object[] fields) => new("xml",
            new XElement("ToUserName", new XCData(AccountId)),
            new XElement("FromUserName", new XCData(send.OpenId!)),
            new XElement("CreateTime", DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData(type)),
            fields);
        XElement Event(string name, string key, params object[] extra) =>
            Message("event", new XElement("Event", new XCData(name)), new XElement("EventKey", new XCData(key)), extra);

        return send.Type switch
        {
            "text" when send.Content is { Length: > 0 } text => Message("text", new XElement("Content", new XCData(text)),
                new XElement("MsgId", RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1_000_000_000L + RandomNumberGenerator.GetInt32(1_000_000_000))),
            "click" when send.Key is { Length: > 0 } key => Event("CLICK", key),
            "scancode_waitmsg" or "scancode_push" when send.Key is { Length: > 0 } key && send.Content is { } scanned => Event(send.Type, key,
                new XElement("ScanCodeInfo", new XElement("ScanType", new XCData("qrcode")), new XElement("ScanResult", new XCData(scanned)))),
            "view" when send.Key is { Length: > 0 } url => Event("VIEW", url, new XElement("MenuId", "1")),
            "subscribe" => Event("subscribe", ""),
            "unsubscribe" => Event("unsubscribe", ""),
            _ => null,
        };
    }

    /// <summary>The menu last published to the account, and its message id (which changes with each publication).</summary>
    private (JsonObject? Menu, long Id) Menu(IEnumerable<AcceptedMessage>? accepted = null) =>
        (accepted ?? weChat.Accepted).LastOrDefault(m => m.Kind == "menu") is { } menu ? (JsonNode.Parse(menu.Body)!.AsObject(), menu.MsgId) : (null, 0);

    private static string Name(SimulatorMode mode) => mode.ToString().ToLowerInvariant();

    private static async Task Asset(HttpResponse response, string name, string contentType)
    {
        await using var stream = typeof(FakeWeChatSimulator).Assembly.GetManifestResourceStream($"WeChatLib.Fakes.Simulator.{name}")
            ?? throw new InvalidOperationException($"The simulator's {name} is not embedded.");
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        await stream.CopyToAsync(response.Body);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("^[0-9A-Za-z_-]{6,64}$")]
    private static partial Regex OpenIdPattern();
}

public sealed record SimulatedReader(string OpenId, string Name);

/// <summary>What a phone did: <c>text</c> (Content), <c>click</c> (Key), <c>scancode_waitmsg</c> (Key, Content scanned), <c>view</c> (Key = URL), <c>subscribe</c>, <c>unsubscribe</c>.</summary>
public sealed record SimulatorSend(string? OpenId, string? Mode, string? CallbackUrl, string? Type, string? Key, string? Content);

/// <param name="Status">The service's HTTP status, null when it did not answer.</param>
/// <param name="Reply">The passive reply; null for <c>success</c> or an empty body.</param>
/// <param name="Error"><c>timeout</c>, <c>unreachable</c>, <c>status</c> or <c>reply</c> (WeChat could not read it).</param>
public sealed record SimulatorOutcome(int? Status, SimulatorReply? Reply, string? Error, string? Detail);

public sealed record SimulatorReply(string Type, string? Content, IReadOnlyList<SimulatorArticle> Articles);

public sealed record SimulatorArticle(string Title, string Description, string Url, string PicUrl);

/// <param name="Accepted">Where the pushes start (with <paramref name="Mass"/>): the page shows what arrives after it opened.</param>
public sealed record SimulatorState(string CallbackUrl, string Mode, IReadOnlyList<SimulatedReader> Readers, JsonObject? Menu, long MenuId, int Accepted, int Mass);

/// <param name="Accepted">Where the next poll starts (with <paramref name="Mass"/>).</param>
public sealed record SimulatorPushes(int Accepted, int Mass, long MenuId, IReadOnlyList<SimulatorPush> Pushes);

/// <summary>A message the fake API accepted for delivery: <c>template</c>, <c>custom</c> or <c>mass</c> (to all followers when <paramref name="ToAll"/>).</summary>
public sealed record SimulatorPush(long Id, DateTimeOffset At, string Kind, IReadOnlyList<string> OpenIds, bool ToAll, string? Text, string? TemplateId, string? Url,
    IReadOnlyList<TemplateField> Fields);

public sealed record TemplateField(string Key, string Value);
