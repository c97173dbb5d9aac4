using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using StackExchange.Redis;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>A reader's sessions end with the binding or the standing they were started under.</summary>
internal sealed class SessionEndTests : ServiceTest
{
    [SetUp]
    public async Task Prepare()
    {
        await Api.AddReadersAsync(Reader("C0001"), Reader("C0002"));
    }

    [Test]
    public async Task Unbinding_ends_the_readers_sessions_at_once()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oLeaving00000000000000000001");
        var client = Api.ClientWith(tokens.AccessToken);

        (await client.DeleteAsync(Url("/api/v1/me/binding"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task After_staff_unbind_a_lost_phone_its_tokens_cannot_touch_the_binding_made_on_the_new_phone()
    {
        var lostPhone = await Api.ReaderTokensAsync("C0001", "oLostPhone000000000000000001");
        var desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        (await desk.DeleteAsync(Url("/api/v1/staff/patrons/C0001/binding"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var rebind = await Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await Api.BindingTicketAsync("oNewPhone0000000000000000001"), cardNumber = "C0001", pin = Pin });
        rebind.StatusCode.ShouldBe(HttpStatusCode.OK);

        var unbindFromTheLostPhone = await Api.ClientWith(lostPhone.AccessToken).DeleteAsync(Url("/api/v1/me/binding"));
        var refreshOnTheLostPhone = await Refresh(lostPhone.RefreshToken);

        unbindFromTheLostPhone.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refreshOnTheLostPhone.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await BoundOpenId("C0001")).ShouldBe("oNewPhone0000000000000000001");
    }

    [Test]
    public async Task A_session_whose_end_was_missed_cannot_unbind_the_binding_made_since_on_another_phone()
    {
        var phoneA = await Api.ReaderTokensAsync("C0001", "oPhoneA000000000000000000001");
        var desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        (await desk.DeleteAsync(Url("/api/v1/staff/patrons/C0001/binding"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var rebind = await Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await Api.BindingTicketAsync("oPhoneB000000000000000000001"), cardNumber = "C0001", pin = Pin });
        rebind.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Ending phone A's session did not land (Redis timed out after the unbind was committed): it is as it was.
        var family = new JsonWebToken(phoneA.AccessToken).GetClaim("fam").Value;
        await Api.Services.GetRequiredService<IDatabase>().StringSetAsync($"refresh-family:{family}", "active");

        var unbindFromPhoneA = await Api.ClientWith(phoneA.AccessToken).DeleteAsync(Url("/api/v1/me/binding"));

        unbindFromPhoneA.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unbindFromPhoneA.ProblemTypeAsync()).ShouldBe("/problems/invalid-token");
        (await BoundOpenId("C0001")).ShouldBe("oPhoneB000000000000000000001");
    }

    [Test]
    public async Task Restricting_a_reader_ends_their_sessions_at_once()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oSoonRestricted0000000000001");
        var desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);

        (await desk.PutAsJsonAsync(Url("/api/v1/staff/patrons/C0001/status"), new { status = "restricted", reason = "超期未还" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Api.ClientWith(tokens.AccessToken).GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_card_past_its_expiry_date_cannot_refresh_its_session()
    {
        var tokens = await Api.ReaderTokensAsync("C0002", "oSoonExpired00000000000000001");
        // The date passes: no event ends the session, the refresh itself must notice.
        await Api.AddReadersAsync(Reader("C0002", expiresOn: new DateOnly(2021, 6, 30)));

        (await Refresh(tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_session_holds_while_the_binding_and_the_standing_hold()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oSteady000000000000000000001");

        var refreshed = await Refresh(tokens.RefreshToken);

        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> Refresh(string refreshToken) =>
        Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken });

    private async Task<string?> BoundOpenId(string card)
    {
        await using var connection = Database.Open();
        return await connection.ExecuteScalarAsync<string?>(
            "select openid from wechat_bindings b join patrons p on p.id = b.patron_id where p.card_number = @card", new { card });
    }
}
