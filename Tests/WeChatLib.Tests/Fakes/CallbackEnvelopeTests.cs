using System.Text.Json;
using System.Xml.Linq;
using WeChatLib.Fakes.Simulator;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Tests.Fakes;

/// <summary>
/// The simulator's own WeChat envelope, written apart from the service's: it agrees with WeChat's published samples
/// and with the service both ways, and it reports a reply WeChat could not read.
/// </summary>
internal sealed class CallbackEnvelopeTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Support", "TestData", "wechat-vectors.json"))).RootElement;

    private static JsonElement Safe => Vectors.GetProperty("safe_mode_message");

    private static string Token => Safe.GetProperty("token").GetString()!;

    private static string AesKey => Safe.GetProperty("encoding_aes_key").GetString()!;

    private static string AppId => Safe.GetProperty("appid").GetString()!;

    private static CallbackEnvelope Envelope => new(Token, AesKey, AppId);

    private static readonly XElement Message = XElement.Parse(
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oReader000001]]></FromUserName>"
        + "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[续借《三体》]]]]><![CDATA[>&<b>]]></Content>"
        + "<MsgId>6054768590064713728</MsgId></xml>");

    [Test]
    public void Its_signatures_and_decryption_match_wechat_s_published_samples()
    {
        foreach (var vector in Vectors.GetProperty("url_signature").EnumerateArray())
            CallbackEnvelope.Signature(vector.GetProperty("token").GetString()!, vector.GetProperty("timestamp").GetString()!, vector.GetProperty("nonce").GetString()!)
                .ShouldBe(vector.GetProperty("signature").GetString());
        var encrypt = Safe.GetProperty("encrypt").GetString()!;
        CallbackEnvelope.Signature(Token, Safe.GetProperty("timestamp").GetString()!, Safe.GetProperty("nonce").GetString()!, encrypt)
            .ShouldBe(Safe.GetProperty("msg_signature").GetString());

        var opened = Envelope.Decrypt(encrypt);

        opened.Failure.ShouldBeNull();
        ((string?)opened.Xml!.Element("Content")).ShouldBe("abcdteT");
    }

    [TestCase(SimulatorMode.Safe)]
    [TestCase(SimulatorMode.Compatible)]
    public void A_message_it_seals_opens_with_the_service_s_protocol_code(SimulatorMode mode)
    {
        var sealedCallback = Envelope.Seal(Message, mode, "oReader000001", 1409735669, "1320562132");

        var query = System.Web.HttpUtility.ParseQueryString(sealedCallback.Query);
        WeChatSignature.Matches(query["signature"], Token, "1409735669", "1320562132").ShouldBeTrue();
        query["encrypt_type"].ShouldBe("aes");
        query["openid"].ShouldBe("oReader000001");
        var body = WeChatXml.Parse(sealedCallback.Body)!;
        WeChatSignature.Matches(query["msg_signature"], Token, "1409735669", "1320562132", body["Encrypt"]).ShouldBeTrue();
        var decrypted = WeChatXml.Parse(new WeChatCrypto(AesKey, AppId).Decrypt(body["Encrypt"]).Xml!)!;
        decrypted["Content"].ShouldBe("续借《三体》]]>&<b>");
        // Compatible mode carries the plaintext fields too; safe mode only the addressee beside the ciphertext.
        body.ContainsKey("Content").ShouldBe(mode == SimulatorMode.Compatible);
        body["ToUserName"].ShouldBe("gh_10f6c3c3ac5a");
    }

    [Test]
    public void A_plain_message_is_signed_and_not_encrypted()
    {
        var sealedCallback = Envelope.Seal(Message, SimulatorMode.Plain, "oReader000001", 1409735669, "1320562132");

        sealedCallback.Query.ShouldNotContain("encrypt_type");
        sealedCallback.Query.ShouldContain("signature=16120ec1b8dbb870f510d87ce6bc2463eae6ca1a");
        WeChatXml.Parse(sealedCallback.Body)!["Content"].ShouldBe("续借《三体》]]>&<b>");
    }

    [Test]
    public void A_reply_the_service_seals_opens_and_a_broken_one_is_reported()
    {
        const string reply = "<xml><ToUserName><![CDATA[oReader000001]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[您在借 1 本]]></Content></xml>";
        var encrypt = new WeChatCrypto(AesKey, AppId).Encrypt(reply);
        string Sealed(string signature, long timestamp = 1409735669) => WeChatXml.Encrypted(encrypt, signature, timestamp, "77");
        var signature = WeChatSignature.Compute(Token, "1409735669", "77", encrypt);

        ((string?)Envelope.Open(Sealed(signature), SimulatorMode.Safe).Xml!.Element("Content")).ShouldBe("您在借 1 本");
        Envelope.Open("success", SimulatorMode.Safe).ShouldBe(OpenedReply.Nothing);
        Envelope.Open("", SimulatorMode.Plain).ShouldBe(OpenedReply.Nothing);
        ((string?)Envelope.Open(reply, SimulatorMode.Plain).Xml!.Element("Content")).ShouldBe("您在借 1 本");

        Envelope.Open(Sealed(signature.Replace(signature[0], signature[0] == 'a' ? 'b' : 'a')), SimulatorMode.Safe).Failure.ShouldBe("the reply's MsgSignature does not match");
        Envelope.Open(Sealed(WeChatSignature.Compute(Token, "1409735669000", "77", encrypt), 1409735669000), SimulatorMode.Safe).Failure
            .ShouldBe("the reply's TimeStamp is not in seconds");
        Envelope.Open(reply, SimulatorMode.Safe).Failure.ShouldBe("a plaintext reply in safe mode");
        new CallbackEnvelope(Token, AesKey, "wx0000000000000000").Open(Sealed(signature), SimulatorMode.Safe).Failure
            .ShouldBe("the appid after the message is not the account's");
        Envelope.Open("该公众号暂时无法提供服务", SimulatorMode.Plain).Failure!.ShouldStartWith("the reply is not XML");
    }
}
