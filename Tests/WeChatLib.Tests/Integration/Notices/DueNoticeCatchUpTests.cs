using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Notices;

/// <summary>The day's scan after downtime: the notices of the missed days that are still true go once; stale reminders do not.</summary>
internal sealed class DueNoticeCatchUpTests : ServiceTest
{
    [Test]
    public async Task A_scan_after_days_of_downtime_sends_the_missed_overdue_notice_once_and_not_the_passed_due_day_reminder()
    {
        var today = Api.Today();
        await Database.OpenLibraryAsync();
        await Api.AddReadersAsync(Reader("C0001"), Reader("N0001"));
        await Api.BindWeChatAsync("C0001", "oCatchUp00000000000000000001");
        await Api.BindWeChatAsync("N0001", "oCatchUp00000000000000000002");
        // The last scan ran four days ago; the loan fell due the day after it and was a day overdue the day after that.
        await Database.AddLoanAsync("C0001", "活着", today, daysLeft: -3);
        var patron = (await Api.PatronAsync("C0001")).Id;
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("insert into notice_scans (scan_date, started_at) values (@day, now() - interval '4 days')",
                new { day = today.AddDays(-4) });
        var admin = Api.ClientWith((await Api.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);

        var scan = await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { });
        var again = await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { });

        scan.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await scan.Content.ReadFromJsonAsync<JsonObject>())!["scanDate"]).ShouldBe(Iso(today));
        ((int?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["enqueued"]!["overdue"] ?? 0).ShouldBe(0);
        (await KeysAsync()).ShouldBe([$"overdue:overdue-1:{patron}:{Iso(today.AddDays(-3))}"]);
    }

    [Test]
    public async Task A_first_scan_catches_up_nothing()
    {
        var today = Api.Today();
        await Database.OpenLibraryAsync();
        await Api.AddReadersAsync(Reader("C0001"));
        await Api.BindWeChatAsync("C0001", "oCatchUp00000000000000000001");
        await Database.AddLoanAsync("C0001", "活着", today, daysLeft: -3);
        var admin = Api.ClientWith((await Api.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);

        (await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await KeysAsync()).ShouldBeEmpty();
    }

    private async Task<IReadOnlyList<string>> KeysAsync()
    {
        await using var connection = Database.Open();
        return [.. await connection.QueryAsync<string>("select idempotency_key from notifications order by id")];
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
