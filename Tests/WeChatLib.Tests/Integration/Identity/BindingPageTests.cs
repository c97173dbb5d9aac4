using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The binding pages over real HTTP, with redirects between the service, the fake WeChat and the fake CAS.</summary>
internal sealed partial class BindingPageTests : ServiceTest
{
    private Uri _service = null!;

    [SetUp]
    public async Task Prepare()
    {
        _service = Api.ServeOnRealPort();
        await Api.AddReadersAsync(Reader("C0001", name: "张三"), Reader("C0002", name: "李四"));
    }

    [Test]
    public async Task A_reader_follows_the_binding_link_and_binds_with_card_and_pin()
    {
        using var browser = await Browser("oPageReader000000000000000001");

        var form = await browser.GetStringAsync(new Uri(_service, "/bind"));
        var result = await SubmitPin(browser, form, "C0001", Pin);

        result.ShouldContain("绑定成功");
        result.ShouldContain("张三");
        (await BoundOpenId("C0001")).ShouldBe("oPageReader000000000000000001");
    }

    [Test]
    public async Task A_forwarded_binding_link_binds_only_the_openid_of_whoever_opens_it()
    {
        using var sender = await Browser("oSender00000000000000000001");
        var link = (await sender.GetAsync(new Uri(_service, "/bind"))).RequestMessage!.RequestUri!;
        using var forwardedTo = await Browser("oFriend00000000000000000001");

        // The friend opens the sender's binding link (the authorize URL) and binds their own card.
        var form = await forwardedTo.GetStringAsync(new Uri(_service, "/bind"));
        await SubmitPin(forwardedTo, form, "C0002", Pin);

        link.AbsolutePath.ShouldBe("/bind/form");
        (await BoundOpenId("C0002")).ShouldBe("oFriend00000000000000000001");
        (await BoundOpenId("C0001")).ShouldBeNull();
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings where openid = 'oSender00000000000000000001'")).ShouldBe(0);
    }

    [Test]
    public async Task A_planted_oauth_code_is_never_exchanged()
    {
        var attackersCode = TestHost.Fakes.WeChat.IssueOAuthCode("oAttacker0000000000000000001");
        using var victim = await Browser("oVictim00000000000000000001");

        var form = await victim.GetStringAsync(new Uri(_service, $"/bind/wechat?code={attackersCode}&state=chat"));
        await SubmitPin(victim, form, "C0001", Pin);

        TestHost.Fakes.WeChat.WasExchanged(attackersCode).ShouldBeFalse();
        (await BoundOpenId("C0001")).ShouldBe("oVictim00000000000000000001");
    }

    [Test]
    public async Task A_form_posted_without_its_csrf_token_is_refused()
    {
        using var browser = await Browser("oCsrf0000000000000000000001");
        await browser.GetStringAsync(new Uri(_service, "/bind"));

        var forged = await browser.PostAsync(new Uri(_service, "/bind/pin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = "guessed", ["card"] = "C0001", ["pin"] = Pin,
        }));

        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await BoundOpenId("C0001")).ShouldBeNull();
    }

    [Test]
    public async Task A_wrong_pin_shows_the_form_again_with_the_attempts_left()
    {
        using var browser = await Browser("oWrongPin000000000000000001");
        var form = await browser.GetStringAsync(new Uri(_service, "/bind"));

        var again = await SubmitPin(browser, form, "C0001", "999999");

        again.ShouldContain("还可尝试 4 次");
        again.ShouldContain("name=\"csrf\"");
    }

    [Test]
    public async Task A_reader_binds_through_the_campus_login()
    {
        using var browser = await Browser("oCampusPage0000000000000001", casUser: "C0002");
        var form = await browser.GetStringAsync(new Uri(_service, "/bind"));
        form.ShouldContain("/bind/cas/start");

        var result = await browser.GetStringAsync(new Uri(_service, "/bind/cas/start"));

        result.ShouldContain("绑定成功");
        (await BoundOpenId("C0002")).ShouldBe("oCampusPage0000000000000001");
    }

    [Test]
    public async Task The_pages_are_not_cached_and_forbid_framing_and_scripts()
    {
        using var browser = await Browser("oHeaders00000000000000000001");

        var answer = await browser.GetAsync(new Uri(_service, "/bind"));

        answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
        answer.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        answer.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
    }

    // A browser in WeChat: cookies, redirects followed, signed in to the fake WeChat (and campus login) as given.
    internal static async Task<HttpClient> Browser(string openId, string? casUser = null)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true });
        await browser.GetAsync(new Uri(TestHost.Fakes.BaseUrl, $"/_fake/wechat-user?openid={openId}"));
        if (casUser is not null)
            await browser.GetAsync(new Uri(TestHost.Fakes.BaseUrl, $"/_fake/cas-user?user={casUser}"));
        return browser;
    }

    private Task<string> SubmitPin(HttpClient browser, string form, string card, string pin) => SubmitPin(_service, browser, form, card, pin);

    internal static async Task<string> SubmitPin(Uri service, HttpClient browser, string form, string card, string pin)
    {
        var csrf = CsrfField().Match(form).Groups[1].Value;
        csrf.ShouldNotBeEmpty("the page has no binding form");
        var answer = await browser.PostAsync(new Uri(service, "/bind/pin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = csrf, ["card"] = card, ["pin"] = pin,
        }));
        return await answer.Content.ReadAsStringAsync();
    }

    private async Task<string?> BoundOpenId(string card)
    {
        await using var connection = Database.Open();
        return await connection.ExecuteScalarAsync<string?>(
            "select openid from wechat_bindings b join patrons p on p.id = b.patron_id where p.card_number = @card", new { card });
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
