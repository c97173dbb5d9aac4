using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>
/// Every <c>/api/v1/me</c> route, called with reader A's token and aimed at reader B's records wherever the route
/// or body can name one: A must neither see nor change anything of B's. A route parameter or body this test does
/// not know how to aim at B fails it, so later routes cannot pass unchecked.
/// </summary>
internal sealed class ReaderIsolationTests
{
    // Route parameters, filled from records owned by B.
    private static readonly Dictionary<string, Func<Owner, string>> RouteValueFromB = new()
    {
        ["{loanId:long}"] = b => b.LoanId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["{holdId:long}"] = b => b.HoldId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["{bookingId:long}"] = b => b.SeatBookingId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["{roomBookingId:long}"] = b => b.RoomBookingId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private const string BsBook = "读者乙借的书";

    // Request bodies per endpoint, aimed at B where the body can name a record.
    private static readonly Dictionary<string, Func<Owner, object>> BodyForB = new()
    {
        ["PUT /api/v1/me/preferences"] = b => new { language = "en", cardNumber = b.CardNumber, patronId = b.PatronId },
        ["POST /api/v1/me/holds/"] = b => new { titleId = b.HeldTitleId, cardNumber = b.CardNumber, patronId = b.PatronId },
        ["PUT /api/v1/me/notification-preferences"] = _ => new Dictionary<string, bool> { ["due-reminder"] = false, ["announcement"] = false },
        // B's own seat, which A must not take over or check in at as B.
        ["POST /api/v1/me/seat-bookings/"] = b => new { seat = BsSeat, cardNumber = b.CardNumber, patronId = b.PatronId },
        ["POST /api/v1/me/seat-bookings/{bookingId:long}/check-in"] = _ => new { seat = BsSeat },
        // B's room at B's time (taken); naming B as a companion would only echo back the card A typed.
        ["POST /api/v1/me/room-bookings/"] = b => new { roomId = b.RoomId, starts = b.RoomStarts, minutes = 60, cardNumber = b.CardNumber, patronId = b.PatronId },
        ["POST /api/v1/me/room-bookings/{roomBookingId:long}/check-in"] = _ => new { room = BsRoom },
        ["POST /api/v1/me/subscriptions/"] = b => new { kind = "keyword", value = "海洋", cardNumber = b.CardNumber, patronId = b.PatronId },
    };

    // Query strings, aimed at B where the query names a record: B's own subscription.
    private static readonly Dictionary<string, Func<Owner, string>> QueryForB = new()
    {
        ["DELETE /api/v1/me/subscriptions/"] = _ => "?kind=keyword&value=" + Uri.EscapeDataString(BsKeyword),
    };

    private const string BsKeyword = "读者乙的关键词";

    private const string BsRoom = "ISO-ROOM";

    private const string BsSeat = "ISO-001";

    [Test]
    public async Task Reader_a_can_neither_see_nor_change_reader_b_s_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("A0001", name: "读者甲"), Reader("B0002", name: "读者乙"));
        var a = await api.ReaderTokensAsync("A0001", "oReaderA0000000000000000001");
        var bTokens = await api.ReaderTokensAsync("B0002", "oReaderB0000000000000000002");
        await database.OpenLibraryAsync();
        var heldTitle = await database.AddTitleAllOutAsync("排队的书", api.Today());
        var bsHold = await api.ClientWith(bTokens.AccessToken).PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = heldTitle });
        await database.AddSeatZoneAsync("iso", 2, prefix: "ISO-");
        var now = api.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var bsBooking = await database.AddSeatBookingAsync("B0002", BsSeat, now.AddMinutes(5), now.AddHours(2));
        var bsRoom = await database.AddRoomAsync(BsRoom);
        var roomStarts = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 1800 * 1800).AddHours(1);
        var bsRoomBooking = await database.AddRoomBookingAsync("B0002", BsRoom, roomStarts, roomStarts.AddHours(1));
        var b = new Owner("B0002", (await api.PatronAsync("B0002")).Id, await database.AddLoanAsync("B0002", BsBook, api.Today(), 5),
            (long)(await bsHold.Content.ReadFromJsonAsync<JsonObject>())!["id"]!, heldTitle, bsBooking, bsRoom, roomStarts, bsRoomBooking);
        (await api.ClientWith(bTokens.AccessToken).PostAsJsonAsync(Url("/api/v1/me/subscriptions"), new { kind = "keyword", value = BsKeyword }))
            .EnsureSuccessStatusCode();
        var routes = MeRoutes(api);
        var bViews = routes.Where(r => r.Method == "GET").Select(r => r.Route).ToList();
        var bBefore = await Task.WhenAll(bViews.Select(route => api.ClientWith(bTokens.AccessToken).GetStringAsync(Url(Aim(route, b)))));

        routes.ShouldNotBeEmpty();
        // Reads first, then changes, so that every read runs while A is still bound.
        foreach (var (method, route, hasBody) in routes.OrderBy(r => r.Method == "GET" ? 0 : 1))
        {
            var key = $"{method} {route}";
            var path = Aim(route, b) + (QueryForB.TryGetValue(key, out var query) ? query(b) : "");
            path.ShouldNotContain("{", customMessage: $"{key} has a route parameter the test cannot aim at reader B");
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
            if (hasBody)
            {
                BodyForB.ShouldContainKey(key, $"{key} takes a body the test cannot aim at reader B");
                request.Content = JsonContent.Create(BodyForB[key](b));
            }

            var answer = await api.ClientWith(a.AccessToken).SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();

            body.ShouldNotContain("B0002", customMessage: $"{key} showed reader B's card");
            body.ShouldNotContain("读者乙", customMessage: $"{key} showed reader B's name or loans");
        }

        // Everything B can see of their own is as it was.
        var bAfter = await Task.WhenAll(bViews.Select(route => api.ClientWith(bTokens.AccessToken).GetStringAsync(Url(Aim(route, b)))));
        bAfter.ShouldBe(bBefore);
        var bPatron = await api.PatronAsync("B0002");
        bPatron.PreferredLanguage.ShouldBe(Language.Zh);
    }

    private static List<(string Method, string Route, bool HasBody)> MeRoutes(ApiFactory api) =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/me", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)))];

    private static string Aim(string route, Owner b) =>
        RouteValueFromB.Aggregate(route, (p, v) => p.Replace(v.Key, v.Value(b), StringComparison.Ordinal));

    private sealed record Owner(string CardNumber, long PatronId, long LoanId, long HoldId, long HeldTitleId, long SeatBookingId, long RoomId,
        DateTimeOffset RoomStarts, long RoomBookingId);
}
