using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The H5 pages' WeChat sign-in, bound to the browser that started it.</summary>
internal sealed class WeChatSignInTests : ServiceTest
{
    [SetUp]
    public async Task Prepare()
    {
        await Api.AddReadersAsync(Reader("C0001"));
    }

    [Test]
    public async Task A_code_from_a_browser_that_did_not_start_the_sign_in_signs_nobody_in()
    {
        var planted = TestHost.Fakes.WeChat.IssueOAuthCode("oAttacker0000000000000000001");

        var answer = await Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/wechat"), new { code = planted, state = "chat" });

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/oauth-state-invalid");
    }

    [Test]
    public async Task A_code_planted_with_the_callers_own_state_never_signs_the_victim_into_the_callers_ticket()
    {
        using var attacker = Browser();
        var attackersState = await StartAsync(attacker);
        var planted = TestHost.Fakes.WeChat.IssueOAuthCode("oAttacker0000000000000000001");
        using var victim = Browser();
        await StartAsync(victim);

        var answer = await victim.PostAsJsonAsync(Url("/api/v1/auth/wechat"), new { code = planted, state = attackersState });

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/oauth-state-invalid");
    }

    [Test]
    public async Task The_browser_that_started_the_sign_in_gets_its_binding_ticket_once()
    {
        using var browser = Browser();
        var state = await StartAsync(browser);
        var code = TestHost.Fakes.WeChat.IssueOAuthCode("oNewReader000000000000000001");

        var answer = await browser.PostAsJsonAsync(Url("/api/v1/auth/wechat"), new { code, state });
        var again = await browser.PostAsJsonAsync(Url("/api/v1/auth/wechat"),
            new { code = TestHost.Fakes.WeChat.IssueOAuthCode("oNewReader000000000000000001"), state });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["bindingTicket"]).ShouldNotBeNullOrEmpty();
        (await again.ProblemTypeAsync()).ShouldBe("/problems/oauth-state-invalid");
    }

    [Test]
    public async Task The_sign_in_starts_at_wechats_authorize_url_and_returns_to_a_page_of_this_service_only()
    {
        using var browser = Browser();

        var start = await browser.GetAsync(Url("/api/v1/auth/wechat/start?returnTo=/h5/loans"));
        var elsewhere = await browser.GetAsync(Url("/api/v1/auth/wechat/start?returnTo=//evil.example/"));

        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = start.Headers.Location!;
        authorize.AbsolutePath.ShouldBe("/connect/oauth2/authorize");
        QueryHelpers.ParseQuery(authorize.Query)["redirect_uri"].ToString().ShouldBe("https://lib.example.edu.cn/h5/loans");
        (await elsewhere.ProblemTypeAsync()).ShouldBe("/problems/bad-request");
    }

    // On https, as PublicBaseUrl says: the state cookie is Secure.
    private HttpClient Browser() =>
        Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    private static async Task<string> StartAsync(HttpClient browser)
    {
        var start = await browser.GetAsync(Url("/api/v1/auth/wechat/start"));
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();
    }
}
