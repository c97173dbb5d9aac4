using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>What README promises a newcomer right after the run command.</summary>
internal sealed class DemoSignInTests
{
    [Test]
    public async Task The_demo_accounts_in_the_readme_work()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
        var client = api.CreateClient();

        var admin = await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "admin", password = "library-admin-2026" });
        var reader = await client.PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await api.BindingTicketAsync("oDemo00000000000000000000001"), cardNumber = "20230001", pin = "123456" });
        var expired = await client.PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await api.BindingTicketAsync("oDemo00000000000000000000002"), cardNumber = "20180005", pin = "123456" });

        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        reader.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await expired.ProblemTypeAsync()).ShouldBe("/problems/card-expired");
    }
}
