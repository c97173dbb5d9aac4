using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class PinLockoutTests
{
    [Test]
    public async Task Guessing_pins_across_two_instances_locks_the_card_on_both()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new ApiFactory(database.ConnectionString);
        await using var second = new ApiFactory(database.ConnectionString);
        await first.AddReadersAsync(Reader("C0001"));
        var instances = new[] { first, second };

        // Five wrong PINs, alternating between the instances and from five different phones.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var api = instances[attempt % 2];
            var answer = await Bind(api, await api.BindingTicketAsync($"oGuesser{attempt:D20}"), "C0001", "000000");
            answer.StatusCode.ShouldBe(attempt < 4 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.TooManyRequests);
        }

        foreach (var api in instances)
        {
            var withTheRightPin = await Bind(api, await api.BindingTicketAsync("oOwner0000000000000000000001"), "C0001", Pin);
            withTheRightPin.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            var problem = (await withTheRightPin.Content.ReadFromJsonAsync<JsonObject>())!;
            ((string?)problem["type"]).ShouldBe("/problems/pin-locked");
            ((int?)problem["retryAfterSeconds"]).ShouldNotBeNull().ShouldBeInRange(1, 15 * 60);
        }
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'binding.pin-lockout' and target = 'C0001'")).ShouldBe(1);
    }

    [Test]
    public async Task One_phone_trying_many_cards_is_locked_too()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"), Reader("C0002"), Reader("C0003"), Reader("C0004"), Reader("C0005"), Reader("C0006"));
        const string openId = "oSprayer0000000000000000001";

        for (var card = 1; card <= 5; card++)
            await Bind(api, await api.BindingTicketAsync(openId), $"C000{card}", "000000");
        var sixthCardRightPin = await Bind(api, await api.BindingTicketAsync(openId), "C0006", Pin);

        (await sixthCardRightPin.ProblemTypeAsync()).ShouldBe("/problems/pin-locked");
    }

    [Test]
    public async Task A_right_pin_before_the_limit_binds()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"));
        for (var attempt = 0; attempt < 4; attempt++)
            await Bind(api, await api.BindingTicketAsync($"oTypo{attempt:D23}"), "C0001", "000000");

        var right = await Bind(api, await api.BindingTicketAsync("oTypo0000000000000000000009"), "C0001", Pin);

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Forty_parallel_wrong_pins_from_one_ticket_try_at_most_the_limit_then_the_right_pin_is_locked()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = CountingSecretHasher.Install };
        using var client = new HttpClient { BaseAddress = api.ServeOnRealPort() };
        await api.AddReadersAsync(Reader("C0001"));
        var ticket = await api.BindingTicketAsync("oParallel0000000000000000001");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            client.PostAsJsonAsync(Url("/api/v1/auth/bind"), new { ticket, cardNumber = "C0001", pin = "000000" })));
        var right = await client.PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await api.BindingTicketAsync("oOwner0000000000000000000001"), cardNumber = "C0001", pin = Pin });

        CountingSecretHasher.Of(api).Verified.ShouldBeLessThanOrEqualTo(5);
        answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBeLessThanOrEqualTo(5);
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.UnprocessableEntity || a.StatusCode == HttpStatusCode.TooManyRequests);
        (await right.ProblemTypeAsync()).ShouldBe("/problems/pin-locked");
    }

    [Test]
    public async Task Forty_parallel_wrong_pins_from_forty_phones_try_at_most_the_limit_then_the_right_pin_is_locked()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = CountingSecretHasher.Install };
        using var client = new HttpClient { BaseAddress = api.ServeOnRealPort() };
        await api.AddReadersAsync(Reader("C0001"));
        var tickets = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => api.BindingTicketAsync($"oPhone{i:D22}")));

        var answers = await Task.WhenAll(tickets.Select(ticket =>
            client.PostAsJsonAsync(Url("/api/v1/auth/bind"), new { ticket, cardNumber = "C0001", pin = "000000" })));
        var right = await client.PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await api.BindingTicketAsync("oOwner0000000000000000000001"), cardNumber = "C0001", pin = Pin });

        CountingSecretHasher.Of(api).Verified.ShouldBeLessThanOrEqualTo(5);
        answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBeLessThanOrEqualTo(5);
        (await right.ProblemTypeAsync()).ShouldBe("/problems/pin-locked");
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'binding.pin-lockout' and target = 'C0001'")).ShouldBe(1);
    }

    [Test]
    public async Task A_card_without_a_pin_answers_exactly_like_a_wrong_pin_and_is_counted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"));
        await api.AddReadersWithoutPinAsync(Reader("N0002"));

        var wrongPin = await Bind(api, await api.BindingTicketAsync("oProbe00000000000000000000001"), "C0001", "000000");
        var noPin = await Bind(api, await api.BindingTicketAsync("oProbe00000000000000000000002"), "N0002", "000000");

        noPin.StatusCode.ShouldBe(wrongPin.StatusCode);
        var (a, b) = ((await wrongPin.Content.ReadFromJsonAsync<JsonObject>())!, (await noPin.Content.ReadFromJsonAsync<JsonObject>())!);
        foreach (var member in new[] { "type", "title", "status", "detail", "attemptsLeft" })
            b[member]?.ToJsonString().ShouldBe(a[member]?.ToJsonString(), member);
        for (var attempt = 0; attempt < 4; attempt++)
            await Bind(api, await api.BindingTicketAsync($"oProbe{attempt + 10:D23}"), "N0002", "000000");
        (await (await Bind(api, await api.BindingTicketAsync("oProbe00000000000000000000099"), "N0002", "000000")).ProblemTypeAsync())
            .ShouldBe("/problems/pin-locked");
    }

    private static Task<HttpResponseMessage> Bind(ApiFactory api, string ticket, string cardNumber, string pin) =>
        api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"), new { ticket, cardNumber, pin });
}
