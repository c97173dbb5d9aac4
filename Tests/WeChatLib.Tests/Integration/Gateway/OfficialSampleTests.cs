using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>WeChat's own published safe-mode sample, posted to the webhook with the clock pinned to its timestamp.</summary>
internal sealed class OfficialSampleTests
{
    private static readonly JsonElement Sample = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Support", "TestData", "wechat-vectors.json"))).RootElement.GetProperty("safe_mode_message");

    [TestCase("safe")]
    [TestCase("compatible")]
    public async Task The_official_sample_is_accepted_and_answered_in_its_mode(string mode)
    {
        await using var database = await TestDatabase.CreateAsync();
        var pinned = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(Sample.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(pinned) };
        api.Settings["WeChat:MessageMode"] = mode;
        api.Settings["Outbox:WorkersEnabled"] = "false";
        api.Settings["Jobs:Enabled"] = "false";
        var client = api.CreateClient();
        var ts = Sample.GetProperty("timestamp").GetString();
        var nonce = Sample.GetProperty("nonce").GetString();
        var body = mode == "compatible"
            ? Sample.GetProperty("post_body_compatible_mode").GetString()!
            : $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{Sample.GetProperty("encrypt").GetString()}]]></Encrypt></xml>";
        var url = $"/wechat/callback?signature=16120ec1b8dbb870f510d87ce6bc2463eae6ca1a&timestamp={ts}&nonce={nonce}&openid=oyORnuP8q7ou2gfYjqLzSIWZf0rs"
            + $"&encrypt_type=aes&msg_signature={Sample.GetProperty("msg_signature").GetString()}";

        var response = await client.PostAsync(new Uri(url, UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/xml"));
        var reply = new WeChatSender(client).Open(await response.Content.ReadAsStringAsync());

        ((int)response.StatusCode).ShouldBe(200);
        var fields = WeChatLib.Infrastructure.WeChat.Protocol.WeChatXml.Parse(reply)!;
        fields["ToUserName"].ShouldBe("oyORnuP8q7ou2gfYjqLzSIWZf0rs");
        fields["FromUserName"].ShouldBe("gh_10f6c3c3ac5a");
        fields["CreateTime"].ShouldBe(ts);
        fields["Content"].ShouldContain("您可以");
    }

    [Test]
    public async Task The_same_sample_a_day_later_is_stale()
    {
        await using var database = await TestDatabase.CreateAsync();
        var dayLater = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1409735669 + 86_400));
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(dayLater) };
        api.Settings["Outbox:WorkersEnabled"] = "false";
        api.Settings["Jobs:Enabled"] = "false";
        var url = "/wechat/callback?signature=16120ec1b8dbb870f510d87ce6bc2463eae6ca1a&timestamp=1409735669&nonce=1320562132"
            + $"&encrypt_type=aes&msg_signature={Sample.GetProperty("msg_signature").GetString()}";

        var response = await api.CreateClient().PostAsync(new Uri(url, UriKind.Relative),
            new StringContent($"<xml><Encrypt><![CDATA[{Sample.GetProperty("encrypt").GetString()}]]></Encrypt></xml>", Encoding.UTF8, "text/xml"));

        ((int)response.StatusCode).ShouldBe(401);
    }
}
