using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WeChatLib.Tests.Fakes;

internal sealed class FakeWeChatApiTests
{
    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    private HttpClient Client() => new() { BaseAddress = _fakes.BaseUrl };

    [Test]
    public async Task The_fake_issues_an_access_token_for_the_account_s_credentials()
    {
        using var client = Client();

        var answer = await client.GetFromJsonAsync<JsonObject>(new Uri(
            $"/cgi-bin/token?grant_type=client_credential&appid={TestHost.Account.AppId}&secret={TestHost.Account.AppSecret}", UriKind.Relative));

        ((string?)answer!["access_token"]).ShouldNotBeNullOrEmpty();
        ((int?)answer["expires_in"]).ShouldBe(7200);
    }

    [Test]
    public async Task The_fake_refuses_a_wrong_secret_with_wechat_s_error_code()
    {
        using var client = Client();

        var answer = await client.GetFromJsonAsync<JsonObject>(new Uri(
            $"/cgi-bin/token?grant_type=client_credential&appid={TestHost.Account.AppId}&secret=wrong", UriKind.Relative));

        ((int?)answer!["errcode"]).ShouldBe(40125);
    }

    [Test]
    public async Task The_stable_token_stays_the_same_until_a_forced_refresh()
    {
        using var client = Client();
        var request = new { grant_type = "client_credential", appid = TestHost.Account.AppId, secret = TestHost.Account.AppSecret, force_refresh = false };

        var first = await Token(client, request);
        var second = await Token(client, request);
        var forced = await Token(client, request with { force_refresh = true });

        second.ShouldBe(first);
        forced.ShouldNotBe(first);
    }

    [Test]
    public async Task Recorded_calls_never_show_the_secret()
    {
        using var client = Client();
        await client.GetAsync(new Uri($"/cgi-bin/token?grant_type=client_credential&appid={TestHost.Account.AppId}&secret={TestHost.Account.AppSecret}", UriKind.Relative));

        var calls = await client.GetStringAsync(new Uri("/_fake/calls", UriKind.Relative));

        calls.ShouldContain("/cgi-bin/token");
        calls.ShouldNotContain(TestHost.Account.AppSecret);
    }

    private static async Task<string> Token<T>(HttpClient client, T request)
    {
        var response = await client.PostAsJsonAsync(new Uri("/cgi-bin/stable_token", UriKind.Relative), request);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }
}
