using System.Net;
using System.Text;
using WeChatLib.Infrastructure.WeChat.Protocol;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>What the webhook refuses, always with a bare status and never a 500 or a ProblemDetails body.</summary>
internal sealed class WebhookSecurityTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private HttpClient _client = null!;
    private WeChatSender _wechat = null!;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString);
        _client = _api.CreateClient();
        _wechat = new WeChatSender(_client);
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Url_verification_echoes_only_for_a_valid_signature_and_a_fresh_timestamp()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var good = await _client.GetAsync(Url($"/wechat/callback?signature={WeChatSignature.Compute("spamtest", ts, "42")}&timestamp={ts}&nonce=42&echostr=hello-echo"));
        var bad = await _client.GetAsync(Url($"/wechat/callback?signature={new string('0', 40)}&timestamp={ts}&nonce=42&echostr=hello-echo"));
        var stale = await _client.GetAsync(Url($"/wechat/callback?signature={WeChatSignature.Compute("spamtest", "1409735669", "42")}&timestamp=1409735669&nonce=42&echostr=x"));

        (await good.Content.ReadAsStringAsync()).ShouldBe("hello-echo");
        bad.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await bad.Content.ReadAsStringAsync()).ShouldBeEmpty();
        stale.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_plaintext_post_in_safe_mode_is_refused()
    {
        var (status, body) = await _wechat.PlainAsync(WeChatSender.Text("oPlain0000000000000000000001", "借阅"));

        status.ShouldBe(401);
        body.ShouldBeEmpty();
    }

    [Test]
    public async Task A_stale_timestamp_is_refused_even_with_a_valid_signature()
    {
        var (status, _) = await _wechat.SafeAsync(WeChatSender.Text("oStale0000000000000000000001", "借阅"), timestamp: DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds());

        status.ShouldBe(401);
    }

    [Test]
    public async Task Bad_message_signature_wrong_appid_truncated_ciphertext_and_bad_padding_are_refused()
    {
        var xml = WeChatSender.Text("oTamper000000000000000000001", "借阅");
        var otherAccount = new WeChatCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx0000000000000000").Encrypt(xml);

        var wrongAppId = await _wechat.SafeAsync(xml, encryptedBy: otherAccount);
        var truncated = await _wechat.SafeAsync(xml, tamperEncrypt: e => Convert.ToBase64String(Convert.FromBase64String(e)[..^7]));
        var badPadding = await _wechat.SafeAsync(xml, tamperEncrypt: e =>
        {
            var bytes = Convert.FromBase64String(e);
            bytes[^1] ^= 0x77;
            return Convert.ToBase64String(bytes);
        });

        wrongAppId.Status.ShouldBe(401);
        truncated.Status.ShouldBe(401);
        badPadding.Status.ShouldBe(401);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var forged = await _client.PostAsync(Url($"/wechat/callback?signature={WeChatSignature.Compute("spamtest", ts, "1")}&timestamp={ts}&nonce=1&encrypt_type=aes&msg_signature={new string('a', 40)}"),
            new StringContent($"<xml><Encrypt><![CDATA[{new WeChatCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", TestHost.Account.AppId).Encrypt(xml)}]]></Encrypt></xml>"));
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Hostile_and_oversized_bodies_are_refused_without_a_500()
    {
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>";
        var laughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><xml><Encrypt>&c;</Encrypt></xml>";

        foreach (var hostile in new[] { xxe, laughs, "<xml><Encrypt>", "{\"json\":true}" })
        {
            var (status, body) = await PostRaw(hostile);
            status.ShouldBe(400, hostile);
            body.ShouldNotContain("root:");
        }
        var huge = await PostRaw("<xml><Encrypt>" + new string('A', 1024 * 1024) + "</Encrypt></xml>");
        huge.Status.ShouldBe(413);
    }

    private async Task<(int Status, string Body)> PostRaw(string body)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Random.Shared.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await _client.PostAsync(Url($"/wechat/callback?signature={WeChatSignature.Compute("spamtest", ts, nonce)}&timestamp={ts}&nonce={nonce}&encrypt_type=aes&msg_signature=x"),
            new StringContent(body, Encoding.UTF8, "text/xml"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
