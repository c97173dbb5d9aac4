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
    public async Task Inside_a_known_network_a_spoofed_forwarded_prefix_buys_no_fresh_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "5";
        // The proxy and the readers' campus Wi-Fi share one known network.
        api.Settings["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8";
        using var proxy = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        // One reader at 127.0.0.2 writes a different address of their choosing in front of their own each time.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            SignInVia(proxy, $"198.51.100.{i + 1}, 127.0.0.2", username: $"nobody{i}")));

        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(5);
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(35);
    }

    [Test]
    public async Task Ipv6_clients_are_counted_per_64_bit_prefix()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "2";
        api.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        using var proxy = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        var first = await SignInVia(proxy, "2001:db8:1:2::1");
        var second = await SignInVia(proxy, "2001:db8:1:2::2");
        var third = await SignInVia(proxy, "2001:db8:1:2:abcd::3");
        var otherNetwork = await SignInVia(proxy, "2001:db8:1:3::1");

        first.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        second.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        otherNetwork.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Twenty_readers_behind_one_address_can_open_the_binding_pages_and_bind()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "30";
        var service = api.ServeOnRealPort();
        var cards = Enumerable.Range(1, 20).Select(i => $"N{i:0000}").ToList();
        await api.AddReadersAsync([.. cards.Select(card => Reader(card))]);

        var results = await Task.WhenAll(cards.Select(async card =>
        {
            using var browser = await BindingPageTests.Browser($"oCampusNat{card}0000000000000001");
            var form = await browser.GetStringAsync(new Uri(service, "/bind"));
            return await BindingPageTests.SubmitPin(service, browser, form, card, Pin);
        }));

        results.ShouldAllBe(page => page.Contains("绑定成功"));
    }

    [Test]
    public async Task The_binding_pages_that_check_a_secret_are_rate_limited_like_the_sign_in_routes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["RateLimits:Auth:PerMinute"] = "3";
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await client.PostAsync(Url("/bind/pin"), new FormUrlEncodedContent(new Dictionary<string, string> { ["card"] = "C0001", ["pin"] = "000000" })));
            answers.Add(await client.GetAsync(Url("/bind/cas?s=x&ticket=ST-1")));
        }

        answers.Take(3).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static Task<HttpResponseMessage> SignInVia(HttpClient client, string forwardedFor, string username = "nobody")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/auth/staff/login"))
        {
            Content = JsonContent.Create(new { username, password = "wrong-password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
