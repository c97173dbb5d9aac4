using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace WeChatLib.Fakes.Simulator;

/// <summary>
/// WeChat's side of the server URL: signs each callback, encrypts it in compatible and safe mode, and opens the
/// service's reply, checking its signature and appid. Written apart from the service's protocol code, so that a bug
/// there shows up here as a refused message or a reply that does not open.
/// </summary>
public sealed class CallbackEnvelope
{
    private const int PadBlock = 32;
    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _appId;

    public CallbackEnvelope(string token, string encodingAesKey, string appId)
    {
        _token = token;
        _key = Convert.FromBase64String(encodingAesKey + "=");
        if (_key.Length != 32)
            throw new ArgumentException("An EncodingAESKey is 43 base64 characters (32 bytes).", nameof(encodingAesKey));
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    /// <summary>SHA-1 of the parts sorted by their UTF-16 code units and joined, in lowercase hex.</summary>
    public static string Signature(params string[] parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        // SHA-1 is WeChat's choice, not ours.
#pragma warning disable CA5350
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
#pragma warning restore CA5350
    }

    /// <summary>The query string and body WeChat would post for <paramref name="message"/> in <paramref name="mode"/>.</summary>
    public SealedCallback Seal(XElement message, SimulatorMode mode, string openId, long timestamp, string nonce)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var query = $"signature={Signature(_token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid={Uri.EscapeDataString(openId)}";
        var xml = message.ToString(SaveOptions.DisableFormatting);
        if (mode == SimulatorMode.Plain)
            return new SealedCallback(query, xml);
        var encrypt = Encrypt(xml);
        query += $"&encrypt_type=aes&msg_signature={Signature(_token, ts, nonce, encrypt)}";
        // Compatible mode carries the plaintext fields and their ciphertext side by side.
        var body = mode == SimulatorMode.Safe
            ? new XElement("xml", new XElement("ToUserName", new XCData((string?)message.Element("ToUserName") ?? "")), new XElement("Encrypt", new XCData(encrypt)))
            : new XElement(message.Name, message.Elements(), new XElement("Encrypt", new XCData(encrypt)));
        return new SealedCallback(query, body.ToString(SaveOptions.DisableFormatting));
    }

    public string Encrypt(string xml)
    {
        var message = Encoding.UTF8.GetBytes(xml);
        var length = 16 + 4 + message.Length + _appId.Length;
        var pad = PadBlock - length % PadBlock;
        var plain = new byte[length + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), message.Length);
        message.CopyTo(plain, 20);
        _appId.CopyTo(plain, 20 + message.Length);
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>The XML inside an <c>Encrypt</c> value, or why it does not open.</summary>
    public OpenedReply Decrypt(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException)
        {
            return OpenedReply.Broken("the ciphertext is not base64");
        }
        if (cipher.Length == 0 || cipher.Length % 16 != 0)
            return OpenedReply.Broken("the ciphertext is not whole AES blocks");
        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);
        int pad = plain[^1];
        if (pad is < 1 or > PadBlock || plain.AsSpan(plain.Length - pad).ContainsAnyExcept((byte)pad))
            return OpenedReply.Broken("the padding is not PKCS#7 on 32-byte blocks");
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20 || BinaryPrimitives.ReadInt32BigEndian(content[16..20]) is var length && (length < 0 || length > content.Length - 20))
            return OpenedReply.Broken("the length field does not fit the plaintext");
        if (!content[(20 + length)..].SequenceEqual(_appId))
            return OpenedReply.Broken("the appid after the message is not the account's");
        return Parse(Encoding.UTF8.GetString(content.Slice(20, length)));
    }

    /// <summary>
    /// The service's answer as WeChat reads it: nothing for <c>success</c> or an empty body, else the reply's XML,
    /// decrypted when sealed. A plaintext reply in safe mode is refused, as WeChat would.
    /// </summary>
    public OpenedReply Open(string body, SimulatorMode mode)
    {
        if (body.Trim() is "" or "success")
            return OpenedReply.Nothing;
        var outer = Parse(body);
        if (outer.Xml is not { } xml)
            return outer;
        if (xml.Element("Encrypt") is not { } encrypt)
            return mode == SimulatorMode.Safe ? OpenedReply.Broken("a plaintext reply in safe mode") : outer;
        var parts = new[] { "MsgSignature", "TimeStamp", "Nonce" }.Select(name => (string?)xml.Element(name)).ToArray();
        if (parts.Any(p => p is null))
            return OpenedReply.Broken("the sealed reply lacks MsgSignature, TimeStamp or Nonce");
        if (parts[1]!.Length != 10 || !parts[1]!.All(char.IsAsciiDigit))
            return OpenedReply.Broken("the reply's TimeStamp is not in seconds");
        if (parts[0] != Signature(_token, parts[1]!, parts[2]!, encrypt.Value))
            return OpenedReply.Broken("the reply's MsgSignature does not match");
        return Decrypt(encrypt.Value);
    }

    private static OpenedReply Parse(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var root = XElement.Load(reader);
            return root.Name == "xml" ? new OpenedReply(root, null) : OpenedReply.Broken("the reply's root is not <xml>");
        }
        catch (XmlException e)
        {
            return OpenedReply.Broken("the reply is not XML: " + e.Message);
        }
    }
}

public enum SimulatorMode
{
    Plain,
    Compatible,
    Safe,
}

/// <summary>What WeChat posts: the query string and the body.</summary>
public sealed record SealedCallback(string Query, string Body);

/// <summary>A reply's XML, nothing (null and null: <c>success</c>), or why WeChat could not read it.</summary>
public sealed record OpenedReply(XElement? Xml, string? Failure)
{
    public static OpenedReply Nothing { get; } = new(null, null);

    public static OpenedReply Broken(string why) => new(null, why);
}
