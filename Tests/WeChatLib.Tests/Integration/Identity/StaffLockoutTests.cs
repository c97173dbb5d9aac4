using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class StaffLockoutTests
{
    [Test]
    public async Task Thirty_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = CountingSecretHasher.Install };
        using var client = new HttpClient { BaseAddress = api.ServeOnRealPort() };
        await CreateAccountAsync(api, "desk");
        var verifiedBefore = CountingSecretHasher.Of(api).Verified;

        var wrong = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "desk", password = $"guess-{i}" })));
        var right = await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "desk", password = StaffPassword });

        wrong.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized || a.StatusCode == HttpStatusCode.TooManyRequests);
        right.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await right.ProblemTypeAsync()).ShouldBe("/problems/too-many-requests");
        (CountingSecretHasher.Of(api).Verified - verifiedBefore).ShouldBeLessThanOrEqualTo(10, "the default limit is 10 failures");
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'staff.sign-in-lockout'")).ShouldBe(1);
    }

    [Test]
    public async Task The_limit_is_configurable_and_a_right_password_before_it_signs_in()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["StaffSignIn:MaxFailures"] = "3";
        var client = api.CreateClient();
        await CreateAccountAsync(api, "desk");
        await CreateAccountAsync(api, "typist");

        for (var attempt = 0; attempt < 2; attempt++)
            await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "typist", password = "typo" });
        var typist = await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "TYPIST", password = StaffPassword });
        for (var attempt = 0; attempt < 3; attempt++)
            await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "desk", password = "guess" });
        var desk = await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "Desk", password = StaffPassword });

        typist.StatusCode.ShouldBe(HttpStatusCode.OK);
        desk.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static async Task CreateAccountAsync(ApiFactory api, string username) =>
        (await api.Services.GetRequiredService<CreateStaffAccount>().HandleAsync(
            new StaffAccountRequest(username, username, StaffPassword, [StaffRole.Circulation]), "system", CancellationToken.None))
        .ShouldBeOfType<CreateStaffResult.Created>();
}
