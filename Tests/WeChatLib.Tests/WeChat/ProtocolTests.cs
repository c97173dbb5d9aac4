using System.Text;
using System.Text.Json;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Tests.WeChat;

/// <summary>Signatures, the AES envelope and the XML codec, against WeChat's published sample vectors and our own round trips.</summary>
internal sealed class ProtocolTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Support", "TestData", "wechat-vectors.json"))).RootElement;

    private static JsonElement Safe => Vectors.GetProperty("safe_mode_message");

    private static WeChatCrypto Crypto => new(Safe.GetProperty("encoding_aes_key").GetString()!, Safe.GetProperty("appid").GetString()!);

    [Test]
    public void Url_signatures_match_the_official_samples()
    {
        foreach (var vector in Vectors.GetProperty("url_signature").EnumerateArray())
        {
            var parts = new[] { vector.GetProperty("token").GetString()!, vector.GetProperty("timestamp").GetString()!, vector.GetProperty("nonce").GetString()! };
            WeChatSignature.Compute(parts).ShouldBe(vector.GetProperty("signature").GetString());
            WeChatSignature.Matches(vector.GetProperty("signature").GetString(), parts).ShouldBeTrue();
        }
    }

    [Test]
    public void The_official_safe_mode_sample_verifies_and_decrypts()
    {
        var encrypt = Safe.GetProperty("encrypt").GetString()!;

        WeChatSignature.Matches(Safe.GetProperty("msg_signature").GetString(), Safe.GetProperty("token").GetString()!,
            Safe.GetProperty("timestamp").GetString()!, Safe.GetProperty("nonce").GetString()!, encrypt).ShouldBeTrue();
        var result = Crypto.Decrypt(encrypt);

        result.Failure.ShouldBeNull();
        result.Xml.ShouldBe(Safe.GetProperty("decrypted_xml").GetString());
        var message = new WeChatMessage(WeChatXml.Parse(result.Xml!)!);
        message.Content.ShouldBe("abcdteT");
        message.FromUserName.ShouldBe("oyORnuP8q7ou2gfYjqLzSIWZf0rs");
    }

    [Test]
    public void Signatures_sort_in_ordinal_order_and_hash_utf8()
    {
        // Culture-aware sorting puts "a" before "B"; WeChat's ordinal sort puts "B" first.
        WeChatSignature.Compute("a", "B").ShouldBe(WeChatSignature.Compute("B", "a"));
        WeChatSignature.Compute("a", "B").ShouldBe(Sha1("Ba"));
        WeChatSignature.Compute("令牌", "1", "n").ShouldBe(Sha1("1n令牌"));
        WeChatSignature.Matches(WeChatSignature.Compute("x", "y").ToUpperInvariant(), "x", "y").ShouldBeFalse();
    }

    [TestCase("")]
    [TestCase("短")]
    [TestCase("您借的《三体》明天到期。]]>&<b>")]
    public void Our_own_encryption_round_trips_including_chinese_and_markup(string content)
    {
        var xml = $"<xml><Content><![CDATA[{content.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)}]]></Content></xml>";

        var encrypted = Crypto.Encrypt(xml);

        Crypto.Decrypt(encrypted).Xml.ShouldBe(xml);
        Crypto.Encrypt(xml).ShouldNotBe(encrypted, "fresh random bytes every time");
    }

    [Test]
    public void A_message_for_another_appid_is_refused()
    {
        var other = new WeChatCrypto(Safe.GetProperty("encoding_aes_key").GetString()!, "wx0000000000000000");

        Crypto.Decrypt(other.Encrypt("<xml/>")).Failure.ShouldBe("appid does not match");
    }

    [Test]
    public void Truncated_ciphertext_bad_padding_and_garbage_are_refused()
    {
        var cipher = Convert.FromBase64String(Crypto.Encrypt("<xml><a>1</a></xml>"));

        Crypto.Decrypt(Convert.ToBase64String(cipher[..^5])).Failure.ShouldBe("ciphertext length is not a multiple of the AES block");
        Crypto.Decrypt(Convert.ToBase64String(cipher[..^16])).Failure.ShouldNotBeNull();
        Crypto.Decrypt("not base64 at all!").Failure.ShouldBe("ciphertext is not base64");
        Crypto.Decrypt("").Failure.ShouldNotBeNull();
        var tampered = (byte[])cipher.Clone();
        tampered[^1] ^= 0x5A;
        Crypto.Decrypt(Convert.ToBase64String(tampered)).Failure.ShouldNotBeNull();
    }

    [Test]
    public void Padding_is_computed_on_32_byte_blocks()
    {
        var key = Convert.FromBase64String(Safe.GetProperty("encoding_aes_key").GetString()! + "=");
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(Convert.FromBase64String(Crypto.Encrypt("<xml/>")), key[..16], System.Security.Cryptography.PaddingMode.None);

        (plain.Length % 32).ShouldBe(0);
        plain[^1].ShouldBeInRange((byte)1, (byte)32);
    }

    [Test]
    public void A_reply_with_cdata_breakers_parses_back_to_the_same_text()
    {
        const string text = "]]> 结束 <tag> & ]]]]> ]] >";
        var to = new WeChatMessage(new Dictionary<string, string> { ["FromUserName"] = "oReader", ["ToUserName"] = "gh_account" });

        var reply = WeChatXml.Text(to, text, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var parsed = WeChatXml.Parse(reply)!;

        parsed["Content"].ShouldBe(text);
        parsed["ToUserName"].ShouldBe("oReader");
        parsed["FromUserName"].ShouldBe("gh_account");
        parsed["CreateTime"].ShouldBe("1700000000");
    }

    [Test]
    public void Hostile_documents_are_refused_quickly_and_read_no_file()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secretFile, "TOP-SECRET");
        var xxe = $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file://{secretFile}\">]><xml><Content>&x;</Content></xml>";
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">" +
            string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">"))
            + "]><xml><Content>&lol9;</Content></xml>";
        var deep = "<xml>" + string.Concat(Enumerable.Repeat("<a>", 50)) + string.Concat(Enumerable.Repeat("</a>", 50)) + "</xml>";
        var huge = "<xml><Content>" + new string('a', WeChatXml.MaxBytes + 10) + "</Content></xml>";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var hostile in new[] { xxe, laughs, deep, huge, "<xml><unclosed>", "not xml", "<other/>" })
            WeChatXml.Parse(hostile).ShouldBeNull();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "hostile XML must not take long (a generous bound: this is a correctness check, not a benchmark)");
    }

    [Test]
    public void Nested_event_fields_are_read_by_path()
    {
        const string xml = "<xml><ToUserName><![CDATA[gh_a]]></ToUserName><FromUserName><![CDATA[oR]]></FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_waitmsg]]></Event><EventKey><![CDATA[SEAT_CHECKIN]]></EventKey>"
            + "<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[seat:3F-012]]></ScanResult></ScanCodeInfo>"
            + "<SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[abc]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>";

        var message = new WeChatMessage(WeChatXml.Parse(xml)!);

        message.Event.ShouldBe("scancode_waitmsg");
        message["ScanCodeInfo/ScanResult"].ShouldBe("seat:3F-012");
        message["SendPicsInfo/PicList/item/PicMd5Sum"].ShouldBe("abc");
    }

    [Test]
    public void Two_scans_of_one_reader_in_the_same_second_have_different_dedupe_keys()
    {
        static WeChatMessage Scan(string result) => new(new Dictionary<string, string>
        {
            ["FromUserName"] = "oR", ["CreateTime"] = "100", ["MsgType"] = "event", ["Event"] = "scancode_waitmsg",
            ["EventKey"] = "SEAT_CHECKIN", ["ScanCodeInfo/ScanResult"] = result,
        });

        Scan("seat:1").DedupeKey.ShouldNotBe(Scan("seat:2").DedupeKey);
        Scan("seat:1").DedupeKey.ShouldBe(Scan("seat:1").DedupeKey);
    }

    private static string Sha1(string text) =>
#pragma warning disable CA5350
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
}

/// <summary>Vectors from other, independent implementations of the same envelope.</summary>
internal sealed class IndependentVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Support", "TestData", "independent-vectors.json"))).RootElement;

    [Test]
    public void Our_encryption_reproduces_published_ciphertexts_byte_for_byte_and_decrypts_them()
    {
        foreach (var vector in Vectors.GetProperty("deterministic_encryption").EnumerateArray())
        {
            var crypto = new WeChatCrypto(vector.GetProperty("encoding_aes_key").GetString()!, vector.GetProperty("appid").GetString()!);
            var message = vector.GetProperty("message").GetString()!;
            var expected = vector.GetProperty("encrypt").GetString()!;

            crypto.Encrypt(message, Encoding.UTF8.GetBytes(vector.GetProperty("random").GetString()!)).ShouldBe(expected);
            crypto.Decrypt(expected).Xml.ShouldBe(message);
        }
    }

    [Test]
    public void A_signed_message_from_another_implementation_verifies_and_decrypts()
    {
        var v = Vectors.GetProperty("signed_message");
        var encrypt = v.GetProperty("encrypt").GetString()!;

        WeChatSignature.Matches(v.GetProperty("msg_signature").GetString(), v.GetProperty("token").GetString()!,
            v.GetProperty("timestamp").GetString()!, v.GetProperty("nonce").GetString()!, encrypt).ShouldBeTrue();
        var xml = new WeChatCrypto(v.GetProperty("encoding_aes_key").GetString()!, v.GetProperty("appid").GetString()!).Decrypt(encrypt).Xml;

        new WeChatMessage(WeChatXml.Parse(xml!)!).Content.ShouldBe(v.GetProperty("content").GetString());
    }
}
