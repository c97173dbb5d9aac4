using System.Net;
using System.Net.Http.Json;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The campus login's service URL is the service's own, whatever a client says.</summary>
internal sealed class CampusLoginTests
{
    [Test]
    public async Task A_campus_ticket_issued_to_another_campus_service_binds_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"));
        // The victim signed in to some other campus service; its ticket was relayed to us with that service's URL.
        const string otherService = "https://portal.example.edu.cn/login";
        var relayed = TestHost.Fakes.Cas.IssueTicket("C0001", otherService);

        var answer = await api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await api.BindingTicketAsync("oRelayer000000000000000000001"), casTicket = relayed, casService = otherService });

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/campus-login-failed");
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(0);
    }
}
