using System.Net;
using System.Net.Http.Json;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class AuthRateLimitTests
{
    [Test]
    public async Task Sign_in_routes_answer_429_problem_details_past_the_limit_per_client()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "3";
        var client = api.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "nobody", password = "wrong-password" }));
        var elsewhere = await client.GetAsync(Url("/api/v1/branches"));

        answers.Take(3).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await answers[3].ProblemTypeAsync()).ShouldBe("/problems/too-many-requests");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
