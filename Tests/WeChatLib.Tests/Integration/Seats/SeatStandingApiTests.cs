using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Seats;

/// <summary>
/// What readers and staff see of seat standing, and what staff change: the reader's own violations and suspension, a
/// reader's record for the desk, lifting a suspension with a note, and the fairness rules changed field by field.
/// </summary>
internal sealed class SeatStandingApiTests
{
    [Test]
    public async Task A_suspended_reader_sees_why_and_until_when_staff_lift_it_with_a_note_and_admins_change_only_the_rules_sent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now);
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:Enabled"] = "false";
        _ = api.Services;
        await database.OpenLibraryAsync();
        await api.AddReadersAsync(Reader("A0001"));
        var seats = await database.AddSeatZoneAsync("quiet-2f", 1);
        await database.AddSeatViolationAsync("A0001", seats[0], now.AddDays(-40));
        await database.AddSeatViolationAsync("A0001", seats[0], now.AddDays(-20));
        await database.AddSeatViolationAsync("A0001", seats[0], now.AddDays(-3), "leave_overrun");
        await database.AddSeatBookingAsync("A0001", seats[0], now.AddMinutes(-40), now.AddHours(3));
        (await api.Services.GetRequiredService<ReleaseSeats>().HandleAsync(CancellationToken.None)).Suspended.ShouldBe(1);

        var reader = api.ClientWith((await api.ReaderTokensAsync("A0001", "oSeatA000100000000000000000")).AccessToken);
        var mine = await GetAsync(reader, "/api/v1/me/seat-standing");
        ((bool)mine["suspended"]!).ShouldBeTrue();
        ((string)mine["suspensionReason"]!).ShouldBe("30天内违约3次");
        DateTimeOffset.Parse((string)mine["suspendedUntil"]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(now.AddDays(7), TimeSpan.FromSeconds(1));
        var violations = mine["violations"]!.AsArray();
        violations.Count.ShouldBe(3, "the one 40 days old has left the window");
        ((string)violations[0]!["kind"]!).ShouldBe("no_show");
        ((string)violations[0]!["summary"]!).ShouldBe($"{Local(now):MM-dd HH:mm} 释放：未按时签到");
        ((string)violations[1]!["kind"]!).ShouldBe("leave_overrun");

        var desk = api.ClientWith((await api.StaffTokensAsync("a-desk", StaffRole.Circulation)).AccessToken);
        var record = await GetAsync(desk, "/api/v1/staff/patrons/A0001/seat-standing");
        record["violations"]!.AsArray().Count.ShouldBe(4);
        var suspensionId = (long)record["suspension"]!["id"]!;
        record["suspensions"]!.AsArray().Count.ShouldBe(1);
        (await desk.GetAsync(Url("/api/v1/staff/patrons/NOBODY01/seat-standing"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var lift = $"/api/v1/staff/seat-suspensions/{suspensionId}/lift";
        (await desk.PostAsJsonAsync(Url(lift), new { note = " " })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var lifted = await desk.PostAsJsonAsync(Url(lift), new { note = "读者因病就医，经核实撤销" });
        lifted.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await lifted.Content.ReadFromJsonAsync<JsonObject>())!["liftNote"]!).ShouldBe("读者因病就医，经核实撤销");
        (await desk.PostAsJsonAsync(Url(lift), new { note = "again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await desk.PostAsJsonAsync(Url("/api/v1/staff/seat-suspensions/999999/lift"), new { note = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var connection = database.Open())
            (await connection.ExecuteScalarAsync<string>("select details ->> 'note' from audit_log where action = 'seat-suspension.lifted'"))
                .ShouldBe("读者因病就医，经核实撤销");
        mine = await GetAsync(reader, "/api/v1/me/seat-standing");
        ((bool)mine["suspended"]!).ShouldBeFalse();
        ((int)mine["counting"]!).ShouldBe(0, "violations answered by the lifted suspension count no more");

        var admin = api.ClientWith((await api.StaffTokensAsync("an-admin", StaffRole.Admin)).AccessToken);
        var changed = await admin.PatchAsJsonAsync(Url("/api/v1/staff/seat-rules"), new { suspensionDays = 14 });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rules = await GetAsync(admin, "/api/v1/staff/seat-rules");
        ((int)rules["suspensionDays"]!).ShouldBe(14);
        ((int)rules["violationsToSuspend"]!).ShouldBe(3);
        ((int)rules["violationWindowDays"]!).ShouldBe(30);
        ((int)rules["dailyCancellations"]!).ShouldBe(3);
        var refused = await admin.PatchAsJsonAsync(Url("/api/v1/staff/seat-rules"), new { violationsToSuspend = 0, suspensionDays = 400 });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["violationsToSuspend", "suspensionDays"], ignoreOrder: true);
        ((int)(await GetAsync(admin, "/api/v1/staff/seat-rules"))["suspensionDays"]!).ShouldBe(14);
        await using (var connection = database.Open())
            (await connection.QuerySingleAsync<(string Before, string After)>(
                "select details ->> 'before', details ->> 'after' from audit_log where action = 'seat-rules.set'"))
                .ShouldBe(("violationsToSuspend=3; violationWindowDays=30; suspensionDays=7; dailyCancellations=3",
                    "violationsToSuspend=3; violationWindowDays=30; suspensionDays=14; dailyCancellations=3"));
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(Url(path));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static DateTime Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
}
