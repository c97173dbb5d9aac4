using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Infrastructure.WeChat.Protocol;

/// <summary>
/// Opens inbound callbacks and seals replies. The query signature and timestamp are checked before the body is
/// read as XML; the account's configured mode, not the request, decides whether plaintext is acceptable (only in
/// plain mode); replies go back encrypted and signed when the message came encrypted.
/// </summary>
public sealed class WeChatEnvelope(IOptions<WeChatOptions> options, WeChatDedupe dedupe, TimeProvider time)
{
    private WeChatOptions WeChat => options.Value;

    private readonly Lazy<WeChatCrypto> _crypto = new(() => new WeChatCrypto(options.Value.EncodingAesKey, options.Value.AppId));

    private WeChatCrypto Crypto => _crypto.Value;

    /// <summary>URL verification: the echo string when the signature and timestamp hold, else null.</summary>
    public string? Verify(CallbackQuery query, string? echo) =>
        echo is not null && Authentic(query) ? echo : null;

    public async Task<OpenResult> OpenAsync(CallbackQuery query, string body)
    {
        if (!Authentic(query))
            return OpenResult.Refuse(401, "signature or timestamp");
        var encrypted = string.Equals(query.EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
        // In compatible mode WeChat always sends the encrypted copy too: a plaintext-only POST is not WeChat's.
        if (!encrypted && WeChat.Mode != WeChatMessageMode.Plain)
            return OpenResult.Refuse(401, "plaintext-only message outside plain mode");
        if (encrypted && WeChat.Mode == WeChatMessageMode.Plain)
            return OpenResult.Refuse(400, "encrypted message in plaintext mode");

        var outer = WeChatXml.Parse(body);
        if (outer is null)
            return OpenResult.Refuse(400, "malformed XML");
        var fields = outer;
        var bodyUnchecked = false;
        if (encrypted)
        {
            if (!outer.TryGetValue("Encrypt", out var encrypt) || !WeChatSignature.Matches(query.MsgSignature, WeChat.Token, query.Timestamp!, query.Nonce!, encrypt))
                return OpenResult.Refuse(401, "message signature");
            var decrypted = Crypto.Decrypt(encrypt);
            if (decrypted.Xml is null)
                return OpenResult.Refuse(401, decrypted.Failure!);
            // Compatible mode sends a plaintext copy beside the ciphertext: only the decrypted one is trusted.
            fields = WeChatXml.Parse(decrypted.Xml);
            if (fields is null)
                return OpenResult.Refuse(400, "malformed encrypted XML");
        }
        else
        {
            var matches = await dedupe.BodyMatchesItsNonceAsync(query.Timestamp!, query.Nonce!, body);
            if (matches is false)
                return OpenResult.Refuse(401, "the timestamp and nonce were used with another body");
            bodyUnchecked = matches is null;
        }

        var message = new WeChatMessage(fields);
        return message.FromUserName.Length == 0 || message.MsgType.Length == 0
            ? OpenResult.Refuse(400, "not a WeChat message")
            : new OpenResult(message, encrypted, 0, null, bodyUnchecked);
    }

    /// <summary>The reply as WeChat expects it: as is, or encrypted and signed when the message came encrypted.</summary>
    public string Seal(string replyXml, bool encrypted)
    {
        if (!encrypted)
            return replyXml;
        var encrypt = Crypto.Encrypt(replyXml);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = WeChatSignature.Compute(WeChat.Token, timestamp.ToString(CultureInfo.InvariantCulture), nonce, encrypt);
        return WeChatXml.Encrypted(encrypt, signature, timestamp, nonce);
    }

    private bool Authentic(CallbackQuery query)
    {
        if (query.Timestamp is null || query.Nonce is null
            || !long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        var skew = Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds);
        return skew <= WeChat.TimestampToleranceSeconds && WeChatSignature.Matches(query.Signature, WeChat.Token, query.Timestamp, query.Nonce);
    }
}

/// <summary>The query string of a callback.</summary>
public sealed record CallbackQuery(string? Signature, string? Timestamp, string? Nonce, string? EncryptType, string? MsgSignature);

/// <summary>
/// An authentic message, or the bare status to refuse with (and why, for the log). <see cref="BodyUnchecked"/>: a
/// plaintext body whose binding to its nonce Redis could not confirm; it may be a forgery and must not be acted on.
/// </summary>
public sealed record OpenResult(WeChatMessage? Message, bool Encrypted, int Status, string? Why, bool BodyUnchecked = false)
{
    public static OpenResult Refuse(int status, string why) => new(null, false, status, why);
}
