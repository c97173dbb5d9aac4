using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Notices;

/// <summary>A reader with books due on several days hears once per kind a day: one reminder, one overdue notice.</summary>
internal sealed class DueNoticeGroupingTests : ServiceTest
{
    [Test]
    public async Task Books_due_today_and_in_three_days_make_one_reminder_named_after_today_and_overdue_ones_one_notice()
    {
        var today = Api.Today();
        await Database.OpenLibraryAsync();
        await Api.AddReadersAsync(Reader("G0001"));
        await Api.BindWeChatAsync("G0001", "oGrouping0000000000000000001");
        await Database.AddLoanAsync("G0001", "三天后到期", today, daysLeft: 3);
        await Database.AddLoanAsync("G0001", "今天到期", today, daysLeft: 0);
        await Database.AddLoanAsync("G0001", "超期一天", today, daysLeft: -1);
        await Database.AddLoanAsync("G0001", "超期七天", today, daysLeft: -7);
        var patron = (await Api.PatronAsync("G0001")).Id;
        var admin = Api.ClientWith((await Api.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);

        (await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var connection = Database.Open();
        var notices = (await connection.QueryAsync<(string Key, string Count, string Title)>(
            "select idempotency_key, fields->>'count', fields->>'firstTitle' from notifications order by idempotency_key")).ToList();
        notices.ShouldBe([
            ($"due-reminder:due-day:{patron}:{Iso(today)}", "2", "今天到期"),
            ($"overdue:overdue-7:{patron}:{Iso(today.AddDays(-7))}", "2", "超期七天"),
        ]);
    }

    [Test]
    public async Task Only_todays_scan_may_be_run_on_demand()
    {
        var today = Api.Today();
        await Database.OpenLibraryAsync();
        await Api.AddReadersAsync(Reader("G0001"));
        await Api.BindWeChatAsync("G0001", "oGrouping0000000000000000001");
        await Database.AddLoanAsync("G0001", "今天到期", today, daysLeft: 0);
        var admin = Api.ClientWith((await Api.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);

        var tomorrow = await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { date = Iso(today.AddDays(1)) });
        var yesterday = await admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { date = Iso(today.AddDays(-1)) });

        (await tomorrow.ProblemTypeAsync()).ShouldBe("/problems/validation");
        (await yesterday.ProblemTypeAsync()).ShouldBe("/problems/validation");
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from notifications")).ShouldBe(0, "tomorrow's overdue notice is not true yet");
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
