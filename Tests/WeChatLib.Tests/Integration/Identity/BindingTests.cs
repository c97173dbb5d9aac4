using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class BindingTests : ServiceTest
{
    private HttpClient _client = null!;

    [SetUp]
    public async Task Prepare()
    {
        _client = Api.CreateClient();
        await Api.AddReadersAsync(
            Reader("C0001"), Reader("C0002"),
            Reader("R0003", PatronStatus.Restricted, "超期未还"),
            Reader("E0004", PatronStatus.Expired),
            Reader("D0005", expiresOn: new DateOnly(2020, 1, 1)));
    }

    [TearDown]
    public void CleanUp() => _client.Dispose();

    [Test]
    public async Task A_reader_binds_with_card_and_pin_and_is_signed_in()
    {
        var ticket = await Api.BindingTicketAsync("oReaderOne000000000000000001");

        var answer = await Bind(new { ticket, cardNumber = "C0001", pin = Pin });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tokens = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        var me = await Api.ClientWith((string)tokens["accessToken"]!).GetFromJsonAsync<JsonObject>(Url("/api/v1/me"));
        ((string?)me!["cardNumber"]).ShouldBe("C0001");
        ((string?)me["binding"]!["via"]).ShouldBe("pin");
    }

    [Test]
    public async Task The_token_never_carries_the_openid_or_the_pin()
    {
        const string openId = "oReaderOne000000000000000001";
        var ticket = await Api.BindingTicketAsync(openId);

        var tokens = (await (await Bind(new { ticket, cardNumber = "C0001", pin = Pin })).Content.ReadFromJsonAsync<JsonObject>())!;

        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(((string)tokens["accessToken"]!).Split('.')[1]));
        payload.ShouldNotContain(openId);
        payload.ShouldNotContain(Pin);
        payload.ShouldContain("\"sub\":\"patron:");
    }

    [Test]
    public async Task A_wrong_pin_and_an_unknown_card_get_the_same_answer_with_attempts_left()
    {
        var wrongPin = await Bind(new { ticket = await Api.BindingTicketAsync("oGuesser00000000000000000001"), cardNumber = "C0001", pin = "000000" });
        var unknownCard = await Bind(new { ticket = await Api.BindingTicketAsync("oGuesser00000000000000000002"), cardNumber = "Z9999", pin = "000000" });

        foreach (var answer in new[] { wrongPin, unknownCard })
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            ((string?)problem["type"]).ShouldBe("/problems/wrong-credentials");
            ((int?)problem["attemptsLeft"]).ShouldBe(4);
        }
    }

    [Test]
    public async Task A_binding_ticket_works_once()
    {
        var ticket = await Api.BindingTicketAsync("oReaderOne000000000000000001");
        (await Bind(new { ticket, cardNumber = "C0001", pin = Pin })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var again = await Bind(new { ticket, cardNumber = "C0001", pin = Pin });

        again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await again.ProblemTypeAsync()).ShouldBe("/problems/invalid-token");
    }

    [Test]
    public async Task A_card_bound_to_one_wechat_account_cannot_be_bound_from_a_second()
    {
        await Bind(new { ticket = await Api.BindingTicketAsync("oFirstPhone00000000000000001"), cardNumber = "C0001", pin = Pin });

        var second = await Bind(new { ticket = await Api.BindingTicketAsync("oSecondPhone0000000000000001"), cardNumber = "C0001", pin = Pin });

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.ProblemTypeAsync()).ShouldBe("/problems/card-bound-elsewhere");
    }

    [Test]
    public async Task A_wechat_account_bound_to_one_card_cannot_bind_a_second()
    {
        const string openId = "oOnePhone0000000000000000001";
        // Two tickets opened before either binding: the second arrives after the first bound the phone.
        var first = await Api.BindingTicketAsync(openId);
        var ticket = await Api.BindingTicketAsync(openId);
        await Bind(new { ticket = first, cardNumber = "C0001", pin = Pin });

        var second = await Bind(new { ticket, cardNumber = "C0002", pin = Pin });

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/wechat-bound-elsewhere");
        ((string?)problem["detail"] ?? "").ShouldContain("*0001");
    }

    [Test]
    public async Task Two_phones_racing_for_one_card_leave_exactly_one_binding()
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Api.BindingTicketAsync($"oRacer{i:D22}")));

        var answers = await Task.WhenAll(tickets.Select(ticket => Bind(new { ticket, cardNumber = "C0002", pin = Pin })));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);
    }

    [Test]
    public async Task Submitting_the_same_binding_twice_binds_once_and_answers_both()
    {
        const string openId = "oDoubleTap000000000000000001";
        var first = await Api.BindingTicketAsync(openId);
        var second = await Api.BindingTicketAsync(openId);

        var answers = await Task.WhenAll(Bind(new { ticket = first, cardNumber = "C0001", pin = Pin }), Bind(new { ticket = second, cardNumber = "C0001", pin = Pin }));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);
    }

    [TestCase("E0004")]
    [TestCase("D0005")]
    public async Task An_expired_card_cannot_be_bound(string card)
    {
        var answer = await Bind(new { ticket = await Api.BindingTicketAsync("oExpired0000000000000000001"), cardNumber = card, pin = Pin });

        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/card-expired");
    }

    [Test]
    public async Task A_restricted_reader_can_bind_to_receive_notices()
    {
        var answer = await Bind(new { ticket = await Api.BindingTicketAsync("oRestricted00000000000000001"), cardNumber = "R0003", pin = Pin });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task An_oauth_code_is_exchanged_once_and_an_unknown_one_is_refused()
    {
        var code = TestHost.Fakes.WeChat.IssueOAuthCode("oOnce000000000000000000000001");
        (await Api.PostWeChatCodeAsync(code)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reused = await Api.PostWeChatCodeAsync(code);
        var unknown = await Api.PostWeChatCodeAsync("not-a-code");

        (await reused.ProblemTypeAsync()).ShouldBe("/problems/oauth-code-used");
        (await unknown.ProblemTypeAsync()).ShouldBe("/problems/oauth-code-invalid");
    }

    [Test]
    public async Task A_reader_binds_with_the_campus_login()
    {
        var signIn = await Api.SignInWithWeChatAsync("oCampus000000000000000000001");

        var answer = await Bind(new { ticket = (string)signIn["bindingTicket"]!, casTicket = await CampusLoginAsync(signIn, "C0002") });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<string>("select bound_via from wechat_bindings")).ShouldBe("cas");
    }

    [Test]
    public async Task A_campus_ticket_for_another_service_another_binding_ticket_or_used_twice_is_refused()
    {
        var signIn = await Api.SignInWithWeChatAsync("oCampusA00000000000000000001");
        var once = await CampusLoginAsync(signIn, "C0001");
        (await Bind(new { ticket = (string)signIn["bindingTicket"]!, casTicket = once })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await Api.SignInWithWeChatAsync("oCampusB00000000000000000001");
        var forAnotherBindingTicket = await CampusLoginAsync(await Api.SignInWithWeChatAsync("oCampusC00000000000000000001"), "C0002");
        var forOtherService = TestHost.Fakes.Cas.IssueTicket("C0002", "https://elsewhere.example/");

        var wrongService = await Bind(new { ticket = (string)other["bindingTicket"]!, casTicket = forOtherService, casService = "https://elsewhere.example/" });
        var wrongTicket = await Bind(new { ticket = (string)other["bindingTicket"]!, casTicket = forAnotherBindingTicket });
        var replayed = await Bind(new { ticket = (string)other["bindingTicket"]!, casTicket = once });

        (await wrongService.ProblemTypeAsync()).ShouldBe("/problems/campus-login-failed");
        (await wrongTicket.ProblemTypeAsync()).ShouldBe("/problems/campus-login-failed");
        (await replayed.ProblemTypeAsync()).ShouldBe("/problems/campus-login-failed");
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);
    }

    [Test]
    public async Task A_campus_user_without_a_library_card_is_told_so()
    {
        var signIn = await Api.SignInWithWeChatAsync("oNoCard000000000000000000001");

        var answer = await Bind(new { ticket = (string)signIn["bindingTicket"]!, casTicket = await CampusLoginAsync(signIn, "X-NOBODY") });

        (await answer.ProblemTypeAsync()).ShouldBe("/problems/no-card-for-campus-user");
    }

    [Test]
    public async Task A_reader_unbinds_and_can_bind_again()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oLeaving00000000000000000001");

        var unbind = await Api.ClientWith(tokens.AccessToken).DeleteAsync(Url("/api/v1/me/binding"));
        var rebind = await Bind(new { ticket = await Api.BindingTicketAsync("oNewPhone0000000000000000001"), cardNumber = "C0001", pin = Pin });

        unbind.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        rebind.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> Bind(object body) => _client.PostAsJsonAsync(Url("/api/v1/auth/bind"), body);

    // The campus login as the reader's browser goes through it: to the sign-in's campusLoginUrl, signed in as the
    // user, and back to the H5 page with a ticket.
    private static async Task<string> CampusLoginAsync(JsonObject signIn, string user)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        await browser.GetAsync(new Uri(TestHost.Fakes.BaseUrl, $"/_fake/cas-user?user={user}"));
        var back = (await browser.GetAsync(new Uri((string)signIn["campusLoginUrl"]!))).Headers.Location!;
        back.GetLeftPart(UriPartial.Path).ShouldBe("https://lib.example.edu.cn/h5/bind");
        return QueryHelpers.ParseQuery(back.Query)["ticket"].ToString();
    }
}
