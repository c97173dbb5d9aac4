using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class TokenTests : ServiceTest
{
    [SetUp]
    public async Task Prepare()
    {
        await Api.AddReadersAsync(Reader("C0001"), Reader("C0002"));
    }

    [Test]
    public async Task Every_refresh_rotates_the_refresh_token()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oRotating00000000000000000001");

        var first = await Refresh(tokens.RefreshToken);
        var next = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;
        var second = await Refresh(next);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        next.ShouldNotBe(tokens.RefreshToken);
    }

    [Test]
    public async Task Reusing_a_refresh_token_ends_the_whole_session()
    {
        var stolen = await Api.ReaderTokensAsync("C0001", "oStolen000000000000000000001");
        var legitimate = (await (await Refresh(stolen.RefreshToken)).Content.ReadFromJsonAsync<JsonObject>())!;

        var replay = await Refresh(stolen.RefreshToken);

        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh((string)legitimate["refreshToken"]!)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Api.ClientWith((string)legitimate["accessToken"]!).GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Logout_ends_the_access_token_and_the_refresh_token()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oLogout000000000000000000001");
        var client = Api.ClientWith(tokens.AccessToken);
        (await client.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PostAsync(Url("/api/v1/auth/logout"), null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await client.GetAsync(Url("/api/v1/me"));
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await after.ProblemTypeAsync()).ShouldBe("/problems/unauthorized");
        (await Refresh(tokens.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_token_issued_before_a_restriction_cannot_act_and_a_new_sign_in_may_read_but_not_act()
    {
        var tokens = await Api.ReaderTokensAsync("C0001", "oSoonRestricted00000000000001");
        var admin = await Api.StaffTokensAsync("desk", StaffRole.Circulation);
        var client = Api.ClientWith(tokens.AccessToken);
        (await client.PutAsJsonAsync(Url("/api/v1/me/preferences"), new { language = "en" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Api.ClientWith(admin.AccessToken).PutAsJsonAsync(Url("/api/v1/staff/patrons/C0001/status"), new { status = "restricted", reason = "超期未还" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.PutAsJsonAsync(Url("/api/v1/me/preferences"), new { language = "zh" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var signedInAgain = Api.ClientWith((string)(await Api.SignInWithWeChatAsync("oSoonRestricted00000000000001"))["tokens"]!["accessToken"]!);
        var action = await signedInAgain.PutAsJsonAsync(Url("/api/v1/me/preferences"), new { language = "zh" });
        action.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = (await action.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/reader-restricted");
        ((string?)problem["detail"]).ShouldBe("超期未还");
        (await (await signedInAgain.PutAsJsonAsync(Url("/api/v1/me/notification-preferences"), new Dictionary<string, bool> { ["announcement"] = false }))
            .ProblemTypeAsync()).ShouldBe("/problems/reader-restricted");
        var me = (await signedInAgain.GetFromJsonAsync<JsonObject>(Url("/api/v1/me")))!;
        ((string?)me["standing"]).ShouldBe("restricted");
        ((string?)me["preferences"]!["language"]).ShouldBe("en");
    }

    [Test]
    public async Task A_token_issued_before_the_card_expired_cannot_act()
    {
        var tokens = await Api.ReaderTokensAsync("C0002", "oSoonExpired00000000000000001");
        await Api.AddReadersAsync(Reader("C0002", expiresOn: new DateOnly(2021, 6, 30)));

        var action = await Api.ClientWith(tokens.AccessToken).PutAsJsonAsync(Url("/api/v1/me/preferences"), new { language = "en" });

        (await action.ProblemTypeAsync()).ShouldBe("/problems/reader-expired");
    }

    [Test]
    public async Task Expired_tampered_and_foreign_tokens_are_refused()
    {
        var patron = await Api.PatronAsync("C0001");
        var valid = (await Api.ReaderTokensAsync("C0001", "oValid0000000000000000000001")).AccessToken;
        // Forged with a live session family, so that each is refused for its own fault only.
        var family = new JwtSecurityTokenHandler().ReadJwtToken(valid).Claims.Single(c => c.Type == "fam").Value;
        var expired = Forge(ApiFactory.SigningKey, $"patron:{patron.Id}", family, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
        var foreign = Forge("some-other-service-signing-key-0123456789abcdef", $"patron:{patron.Id}", family, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10));
        var fresh = Forge(ApiFactory.SigningKey, $"patron:{patron.Id}", family, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10));
        (await Api.ClientWith(fresh).GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var parts = valid.Split('.');
        var tampered = $"{parts[0]}.{parts[1].Replace(parts[1][^3..], "AAA", StringComparison.Ordinal)}.{parts[2]}";

        foreach (var token in new[] { expired, foreign, tampered })
            (await Api.ClientWith(token).GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_reader_token_cannot_reach_staff_routes_nor_a_staff_token_reader_routes()
    {
        var reader = await Api.ReaderTokensAsync("C0001", "oCurious00000000000000000001");
        var staff = await Api.StaffTokensAsync("boss", StaffRole.Admin);

        (await Api.ClientWith(reader.AccessToken).GetAsync(Url("/api/v1/staff/accounts"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Api.ClientWith(staff.AccessToken).GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_deactivated_staff_member_is_stopped_at_once()
    {
        var admin = await Api.StaffTokensAsync("boss", StaffRole.Admin);
        var leaving = await Api.StaffTokensAsync("leaver", StaffRole.Circulation);
        (await Api.ClientWith(leaving.AccessToken).GetAsync(Url("/api/v1/staff/patrons/C0001"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var accounts = await Api.ClientWith(admin.AccessToken).GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/accounts"));
        var id = (long)accounts!.Single(a => (string?)a!["username"] == "leaver")!["id"]!;

        (await Api.ClientWith(admin.AccessToken).PutAsJsonAsync(Url($"/api/v1/staff/accounts/{id}"), new { roles = new[] { "circulation" }, active = false }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Api.ClientWith(leaving.AccessToken).GetAsync(Url("/api/v1/staff/patrons/C0001"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(leaving.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "leaver", password = StaffPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> Refresh(string refreshToken) =>
        Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken });

    private static string Forge(string key, string subject, string family, DateTime issued, DateTime expires)
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken("WeChatLib", "WeChatLib",
            [new Claim("sub", subject), new Claim("role", "reader"), new Claim("fam", family)], issued, expires, credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
