using System.Globalization;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using WeChatLib.Api.WeChat;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Tests.Support;

/// <summary>Plays WeChat's server: signed callbacks in plaintext or safe mode, and opens the replies.</summary>
internal sealed class WeChatSender(HttpClient client, string token = "spamtest", string aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", string? appId = null)
{
    private static long _sequence = 6_054_768_590_064_713_728;
    private readonly WeChatCrypto _crypto = new(aesKey, appId ?? TestHost.Account.AppId);

    public static string Text(string openId, string content, long? msgId = null) =>
        Xml(openId, "text", $"<Content><![CDATA[{content}]]></Content><MsgId>{msgId ?? Interlocked.Increment(ref _sequence)}</MsgId>");

    public static string Event(string openId, string name, string key = "", string extra = "", long? createTime = null) =>
        Xml(openId, "event", $"<Event><![CDATA[{name}]]></Event><EventKey><![CDATA[{key}]]></EventKey>{extra}", createTime);

    /// <summary>A tap of the menu's scan button (<c>SEAT_CHECKIN</c>, <c>scancode_waitmsg</c>) on a QR code carrying <paramref name="scanned"/>.</summary>
    public static string Scan(string openId, string scanned, long? createTime = null) => Event(openId, "scancode_waitmsg", "SEAT_CHECKIN",
        $"<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[{scanned}]]></ScanResult></ScanCodeInfo>", createTime);

    public static string Xml(string openId, string type, string body, long? createTime = null) =>
        $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[{SecurityElement.Escape(openId)}]]></FromUserName>"
        + $"<CreateTime>{createTime ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[{type}]]></MsgType>{body}</xml>";

    /// <summary>Posts in safe mode (or compatible, with <paramref name="plaintextCopy"/>) and returns the status and the opened reply.</summary>
    public async Task<(int Status, string Reply)> SafeAsync(string xml, string? plaintextCopy = null, long? timestamp = null, string? nonce = null,
        Func<string, string>? tamperEncrypt = null, string? encryptedBy = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var encrypt = encryptedBy ?? _crypto.Encrypt(xml);
        encrypt = tamperEncrypt?.Invoke(encrypt) ?? encrypt;
        var body = plaintextCopy is null
            ? $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
            : plaintextCopy.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", StringComparison.Ordinal);
        var url = $"/wechat/callback?signature={WeChatSignature.Compute(token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid=x"
            + $"&encrypt_type=aes&msg_signature={WeChatSignature.Compute(token, ts, nonce, encrypt)}";
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/xml"));
        return ((int)response.StatusCode, Open(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Posts in safe mode and returns the passive reply's text, checked to have come in time and within WeChat's limit.</summary>
    public async Task<string> ReplyTextAsync(string xml, long? timestamp = null)
    {
        var (status, reply) = await SafeAsync(xml, timestamp: timestamp);
        status.ShouldBe(200);
        reply.ShouldNotBe("success", "answered within the reply budget, not later");
        var content = ContentOf(reply);
        Encoding.UTF8.GetByteCount(content).ShouldBeLessThanOrEqualTo(ReplyLength.MaxBytes);
        return content;
    }

    public async Task<(int Status, string Reply)> PlainAsync(string body, long? timestamp = null, string? nonce = null, string? signature = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var url = $"/wechat/callback?signature={signature ?? WeChatSignature.Compute(token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid=x";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The reply's XML: decrypted (checking its signature) when it came encrypted.</summary>
    public string Open(string reply)
    {
        var fields = WeChatXml.Parse(reply);
        if (fields is null || !fields.TryGetValue("Encrypt", out var encrypt))
            return reply;
        WeChatSignature.Matches(fields["MsgSignature"], token, fields["TimeStamp"], fields["Nonce"], encrypt).ShouldBeTrue("the reply's signature");
        fields["TimeStamp"].Length.ShouldBe(10, "the reply's timestamp is in seconds");
        return _crypto.Decrypt(encrypt).Xml!;
    }

    public static string ContentOf(string replyXml) => WeChatXml.Parse(replyXml)?.GetValueOrDefault("Content") ?? "";
}
