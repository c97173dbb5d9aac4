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

    [Test]
    public async Task Two_instances_count_one_client_against_one_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new ApiFactory(database.ConnectionString);
        await using var second = new ApiFactory(database.ConnectionString);
        first.Settings["RateLimits:Auth:PerMinute"] = "3";
        second.Settings["RateLimits:Auth:PerMinute"] = "3";
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await clients[i % 2].PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "nobody", password = "wrong-password" }));

        answers.Take(3).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_a_limit_of_its_own()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "2";
        api.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        using var proxy = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        var first = await SignInVia(proxy, "203.0.113.7");
        var second = await SignInVia(proxy, "203.0.113.7");
        var third = await SignInVia(proxy, "203.0.113.7");
        var otherClient = await SignInVia(proxy, "203.0.113.8");

        first.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        second.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        otherClient.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Without_a_known_proxy_a_forwarded_header_buys_no_fresh_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "2";
        using var client = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        await SignInVia(client, "203.0.113.7");
        await SignInVia(client, "203.0.113.8");
        var third = await SignInVia(client, "203.0.113.9");

        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Refresh_has_a_limit_of_its_own_above_the_sign_in_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "4";
        api.Settings["RateLimits:Refresh:PerMinute"] = "6";
        await api.AddReadersAsync(Reader("C0001"));
        var tokens = await api.ReaderTokensAsync("C0001", "oRefresher0000000000000000001");
        var client = api.CreateClient();
        while ((await client.PostAsJsonAsync(Url("/api/v1/auth/staff/login"), new { username = "nobody", password = "x" })).StatusCode != HttpStatusCode.TooManyRequests)
        {
        }

        var refreshToken = tokens.RefreshToken;
        var refreshes = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var answer = await client.PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken });
            refreshes.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.OK)
                refreshToken = (string)(await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["refreshToken"]!;
        }

        refreshes.Take(6).ShouldAllBe(s => s == HttpStatusCode.OK);
        refreshes[6].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task The_binding_pages_are_rate_limited_like_the_sign_in_routes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "3";
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await client.PostAsync(Url("/bind/pin"), new FormUrlEncodedContent(new Dictionary<string, string> { ["card"] = "C0001", ["pin"] = "000000" })));

        answers.Take(3).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static Task<HttpResponseMessage> SignInVia(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/auth/staff/login"))
        {
            Content = JsonContent.Create(new { username = "nobody", password = "wrong-password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
