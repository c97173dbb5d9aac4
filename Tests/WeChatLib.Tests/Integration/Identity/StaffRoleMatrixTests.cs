using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>
/// Every staff endpoint the service maps, called as every role, a reader and nobody. An endpoint missing from the
/// table fails the test, so new staff endpoints must state who may call them.
/// </summary>
internal sealed class StaffRoleMatrixTests
{
    private const string Admin = "admin";
    private const string Circulation = "circulation";
    private const string Reference = "reference";
    private const string Announcer = "announcer";

    // Who may call each endpoint, written out independently of the code's matrix (README shows the same).
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["GET /api/v1/staff/accounts/"] = [Admin],
        ["POST /api/v1/staff/accounts/"] = [Admin],
        ["PUT /api/v1/staff/accounts/{id:long}"] = [Admin],
        ["GET /api/v1/staff/audit"] = [Admin],
        ["POST /api/v1/staff/patrons/import"] = [Admin, Circulation],
        ["GET /api/v1/staff/patrons/{cardNumber}"] = [Admin, Circulation],
        ["PUT /api/v1/staff/patrons/{cardNumber}/status"] = [Admin, Circulation],
        ["DELETE /api/v1/staff/patrons/{cardNumber}/binding"] = [Admin, Circulation],
        ["POST /api/v1/staff/bindings/import"] = [Admin, Circulation],
        ["GET /api/v1/staff/outbox/counts"] = [Admin, Circulation],
        ["GET /api/v1/staff/menu/"] = [Admin],
        ["POST /api/v1/staff/menu/publish"] = [Admin],
        ["GET /api/v1/staff/outbox/notices"] = [Admin, Circulation],
        ["POST /api/v1/staff/outbox/notices/{id:long}/retry"] = [Admin, Circulation],
        ["POST /api/v1/staff/checkouts"] = [Admin, Circulation],
        ["POST /api/v1/staff/checkins"] = [Admin, Circulation],
        ["GET /api/v1/staff/patrons/{cardNumber}/loans"] = [Admin, Circulation],
        ["GET /api/v1/staff/patrons/{cardNumber}/loan-history"] = [Admin, Circulation],
        ["POST /api/v1/staff/loans/{loanId:long}/renewal"] = [Admin, Circulation],
        ["POST /api/v1/staff/titles/import"] = [Admin, Circulation],
        ["POST /api/v1/staff/items/import"] = [Admin, Circulation],
        ["PUT /api/v1/staff/branches/{code}/calendar/{date}"] = [Admin, Circulation],
        ["DELETE /api/v1/staff/branches/{code}/calendar/{date}"] = [Admin, Circulation],
        ["GET /api/v1/staff/loan-policies/"] = [Admin],
        ["PUT /api/v1/staff/loan-policies/{group}/{itemType}"] = [Admin],
        ["GET /api/v1/staff/hold-policies/"] = [Admin],
        ["PUT /api/v1/staff/hold-policies/{group}"] = [Admin],
        ["GET /api/v1/staff/titles/{titleId:long}/holds"] = [Admin, Circulation],
        ["GET /api/v1/staff/branches/{code}/hold-shelf"] = [Admin, Circulation],
        ["GET /api/v1/staff/transits"] = [Admin, Circulation],
        ["DELETE /api/v1/staff/holds/{holdId:long}"] = [Admin, Circulation],
        ["GET /api/v1/staff/overdue-loans"] = [Admin, Circulation],
        ["GET /api/v1/staff/overdue-loans.csv"] = [Admin, Circulation],
        ["POST /api/v1/staff/loans/{loanId:long}/contacts"] = [Admin, Circulation],
        ["GET /api/v1/staff/loans/{loanId:long}/contacts"] = [Admin, Circulation],
        ["GET /api/v1/staff/notice-rules/"] = [Admin],
        ["GET /api/v1/staff/announcements/"] = [Admin, Announcer],
        ["POST /api/v1/staff/announcements/"] = [Admin, Announcer],
        ["GET /api/v1/staff/announcements/{id:long}"] = [Admin, Announcer],
        ["POST /api/v1/staff/announcements/{id:long}/preview"] = [Admin, Announcer],
        ["POST /api/v1/staff/announcements/{id:long}/send"] = [Admin, Announcer],
        ["GET /api/v1/staff/announcements/{id:long}/progress"] = [Admin, Announcer],
        ["POST /api/v1/staff/announcements/{id:long}/cancel"] = [Admin, Announcer],
        ["PUT /api/v1/staff/announcements/{id:long}/cards"] = [Admin, Announcer],
        ["POST /api/v1/staff/announcements/preview-recipient/code"] = [Admin, Announcer],
        ["DELETE /api/v1/staff/announcements/preview-recipient"] = [Admin, Announcer],
        ["PUT /api/v1/staff/notice-rules/{group}/{code}"] = [Admin],
        ["GET /api/v1/staff/notice-scans/"] = [Admin, Circulation],
        ["POST /api/v1/staff/notice-scans/"] = [Admin],
        ["GET /api/v1/staff/seat-zones"] = [Admin, Circulation],
        ["POST /api/v1/staff/seat-zones"] = [Admin, Circulation],
        ["PATCH /api/v1/staff/seat-zones/{zoneId:long}"] = [Admin, Circulation],
        ["POST /api/v1/staff/seat-zones/{zoneId:long}/seats"] = [Admin, Circulation],
        ["PATCH /api/v1/staff/seats/{seatId:long}"] = [Admin, Circulation],
        ["POST /api/v1/staff/seat-zones/{zoneId:long}/closures"] = [Admin, Circulation],
        ["GET /api/v1/staff/seat-occupancy"] = [Admin, Circulation],
        ["POST /api/v1/staff/seat-bookings/{bookingId:long}/release"] = [Admin, Circulation],
        ["GET /api/v1/staff/patrons/{cardNumber}/seat-standing"] = [Admin, Circulation],
        ["POST /api/v1/staff/seat-suspensions/{suspensionId:long}/lift"] = [Admin, Circulation],
        ["GET /api/v1/staff/seat-rules/"] = [Admin],
        ["PATCH /api/v1/staff/seat-rules/"] = [Admin],
        ["GET /api/v1/staff/rooms"] = [Admin, Circulation],
        ["POST /api/v1/staff/rooms"] = [Admin, Circulation],
        ["PATCH /api/v1/staff/rooms/{roomId:long}"] = [Admin, Circulation],
        ["POST /api/v1/staff/rooms/{roomId:long}/blocks"] = [Admin, Circulation],
        ["GET /api/v1/staff/room-calendar"] = [Admin, Circulation],
        ["GET /api/v1/staff/room-approvals"] = [Admin, Circulation],
        ["POST /api/v1/staff/room-approvals/{roomBookingId:long}/approve"] = [Admin, Circulation],
        ["POST /api/v1/staff/room-approvals/{roomBookingId:long}/reject"] = [Admin, Circulation],
    };

    private static readonly Dictionary<string, string> RouteValues = new()
    {
        ["{id:long}"] = "999999",
        ["{loanId:long}"] = "999999",
        ["{titleId:long}"] = "999999",
        ["{holdId:long}"] = "999999",
        ["{zoneId:long}"] = "999999",
        ["{seatId:long}"] = "999999",
        ["{bookingId:long}"] = "999999",
        ["{suspensionId:long}"] = "999999",
        ["{roomId:long}"] = "999999",
        ["{roomBookingId:long}"] = "999999",
        ["{cardNumber}"] = "NOBODY01",
        ["{code}"] = "nowhere",
        ["{date}"] = "2026-01-01",
        ["{group}"] = "undergraduate",
        ["{itemType}"] = "book",
    };

    [Test]
    public async Task Each_staff_endpoint_admits_exactly_the_roles_in_the_table()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("C0001"));
        var tokens = new Dictionary<string, string?>
        {
            [Admin] = (await api.StaffTokensAsync("an-admin", StaffRole.Admin)).AccessToken,
            [Circulation] = (await api.StaffTokensAsync("a-desk", StaffRole.Circulation)).AccessToken,
            [Reference] = (await api.StaffTokensAsync("a-librarian", StaffRole.Reference)).AccessToken,
            [Announcer] = (await api.StaffTokensAsync("a-announcer", StaffRole.Announcer)).AccessToken,
            ["reader"] = (await api.ReaderTokensAsync("C0001", "oReader00000000000000000001")).AccessToken,
            ["anonymous"] = null,
        };

        var endpoints = StaffEndpoints(api);
        endpoints.Except(Allowed.Keys).ShouldBeEmpty("Staff endpoints missing from the role table");
        Allowed.Keys.Except(endpoints).ShouldBeEmpty("The table names endpoints that no longer exist");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (who, token) in tokens)
            {
                var status = await Call(api, endpoint, token);
                var expected = who == "anonymous" ? "401" : Allowed[endpoint].Contains(who) ? "allowed" : "403";
                var actual = status is HttpStatusCode.Unauthorized ? "401" : status is HttpStatusCode.Forbidden ? "403" : "allowed";
                if (actual != expected)
                    failures.Add($"{endpoint} as {who}: expected {expected}, got {(int)status}");
            }
        }
        failures.ShouldBeEmpty();
    }

    private static List<string> StaffEndpoints(ApiFactory api) =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/staff", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct()
            .Order()];

    private static async Task<HttpStatusCode> Call(ApiFactory api, string endpoint, string? token)
    {
        var (method, route) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var path = RouteValues.Aggregate(route, (p, value) => p.Replace(value.Key, value.Value, StringComparison.Ordinal));
        path.ShouldNotContain("{", customMessage: $"{endpoint} has a route parameter this test cannot fill");
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, BodyType(api, method, route));
        return (await api.ClientWith(token).SendAsync(request)).StatusCode;
    }

    // JSON, unless the endpoint takes only other bodies (an uploaded list): routing answers 415 to those before any role is checked.
    private static string BodyType(ApiFactory api, string method, string route) =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText == route && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) != false)
            .Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes)
            .FirstOrDefault(types => types is { Count: > 0 } && !types.Contains("application/json"))?[0] ?? "application/json";
}
