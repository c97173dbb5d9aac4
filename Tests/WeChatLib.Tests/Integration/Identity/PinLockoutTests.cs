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
    public async Task A_right_pin_before_the_limit_clears_the_count()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"));
        for (var attempt = 0; attempt < 4; attempt++)
            await Bind(api, await api.BindingTicketAsync($"oTypo{attempt:D23}"), "C0001", "000000");

        var right = await Bind(api, await api.BindingTicketAsync("oTypo0000000000000000000009"), "C0001", Pin);

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> Bind(ApiFactory api, string ticket, string cardNumber, string pin) =>
        api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"), new { ticket, cardNumber, pin });
}
