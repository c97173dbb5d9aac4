using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Circulation;

internal sealed class BranchCalendarTests : ServiceTest
{
    private HttpClient _staff = null!;
    private HttpClient _public = null!;
    private DateOnly _today;

    [SetUp]
    public async Task Prepare()
    {
        _staff = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        _public = Api.CreateClient();
        await Database.OpenLibraryAsync();
        _today = Api.Today();
    }

    [TearDown]
    public void CleanUp()
    {
        _staff.Dispose();
        _public.Dispose();
    }

    [Test]
    public async Task Staff_close_a_day_and_set_special_hours_and_the_public_calendar_shows_each_with_its_reason()
    {
        var closed = await _staff.PutAsJsonAsync(Entry(3), new { reason = "校庆闭馆" });
        var exams = await _staff.PutAsJsonAsync(Entry(4), new { reason = "考试周延长开放", opens = "06:30", closes = "23:30" });

        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        exams.StatusCode.ShouldBe(HttpStatusCode.OK);
        var days = await DaysAsync(0, 6);
        days.Count.ShouldBe(7);
        days[0].ShouldBe((Iso(0), true, "07:00", "23:00", (string?)null));
        days[3].ShouldBe((Iso(3), false, (string?)null, (string?)null, "校庆闭馆"));
        days[4].ShouldBe((Iso(4), true, "06:30", "23:30", "考试周延长开放"));

        var removed = await _staff.DeleteAsync(Entry(3));
        var again = await _staff.DeleteAsync(Entry(3));

        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DaysAsync(3, 3))[0].ShouldBe((Iso(3), true, "07:00", "23:00", (string?)null));
    }

    [Test]
    public async Task Each_change_is_audited_with_the_entry_it_replaced()
    {
        await _staff.PutAsJsonAsync(Entry(10), new { reason = "停电检修" });
        await _staff.PutAsJsonAsync(Entry(10), new { reason = "半天检修", opens = "13:00", closes = "23:00" });
        await _staff.DeleteAsync(Entry(10));

        await using var connection = Database.Open();
        var audits = (await connection.QueryAsync<(string Actor, string Action, string Target, string Details)>(
            "select actor, action, target, details::text from audit_log where action like 'calendar.%' order by id")).ToList();
        audits.Select(a => a.Action).ShouldBe(["calendar.set", "calendar.set", "calendar.remove"]);
        audits.ShouldAllBe(a => a.Actor.StartsWith("staff:") && a.Target == $"calendar:main/{Iso(10)}");
        audits[0].Details.ShouldNotContain("before.");
        audits[1].Details.ShouldContain("\"before.reason\": \"停电检修\"");
        audits[1].Details.ShouldContain("\"opens\": \"13:00\"");
        audits[2].Details.ShouldContain("\"before.reason\": \"半天检修\"");
    }

    [Test]
    public async Task A_renewal_after_a_holiday_is_added_moves_the_new_due_date_to_the_next_open_day()
    {
        await Api.AddReadersAsync(Reader("R0001"));
        var loanId = await Database.AddLoanAsync("R0001", "高等数学", _today, 5);
        var patron = await Api.PatronAsync("R0001");

        // Books renew for 30 days from today: the new due date would fall on the holiday.
        (await _staff.PutAsJsonAsync(Entry(30), new { reason = "校庆闭馆" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var outcome = await Api.Services.GetRequiredService<RenewLoan>().HandleAsync(
            new ReaderRef.Patron(patron.Id), new LoanRef.Id(loanId), RenewalChannel.H5, CancellationToken.None);

        outcome.ShouldBeOfType<RenewalOutcome.Renewed>().Loan.DueOn.ShouldBe(_today.AddDays(31));
    }

    [Test]
    public async Task Bad_dates_hours_and_ranges_are_refused_with_every_bad_field_named()
    {
        var halfHours = await _staff.PutAsJsonAsync(Entry(3), new { reason = "", opens = "08:00" });
        var unpadded = await _staff.PutAsJsonAsync(Entry(3), new { reason = "调整", opens = "22:00", closes = "8:00" });
        var reversed = await _staff.PutAsJsonAsync(Entry(3), new { reason = "调整", opens = "22:00", closes = "08:00" });
        var badDate = await _staff.PutAsJsonAsync(Url("/api/v1/staff/branches/main/calendar/2026-13-01"), new { reason = "闭馆" });
        var farAway = await _staff.PutAsJsonAsync(Entry(5 * 366), new { reason = "闭馆" });
        var tooLong = await _public.GetAsync(Url($"/api/v1/branches/main/calendar?from={Iso(0)}&to={Iso(92)}"));
        var upsideDown = await _public.GetAsync(Url($"/api/v1/branches/main/calendar?from={Iso(5)}&to={Iso(4)}"));

        (await ErrorsAsync(halfHours)).ShouldBe(["closes", "reason"], ignoreOrder: true);
        (await ErrorsAsync(unpadded)).ShouldBe(["closes"]);
        (await ErrorsAsync(reversed)).ShouldBe(["closes"]);
        (await ErrorsAsync(badDate)).ShouldBe(["date"]);
        (await ErrorsAsync(farAway)).ShouldBe(["date"]);
        (await ErrorsAsync(tooLong)).ShouldBe(["to"]);
        (await ErrorsAsync(upsideDown)).ShouldBe(["to"]);
        (await DaysAsync(0, 91)).Count.ShouldBe(92);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from branch_calendar_dates")).ShouldBe(0);
    }

    [Test]
    public async Task An_unknown_branch_has_no_calendar()
    {
        var read = await _public.GetAsync(Url("/api/v1/branches/atlantis/calendar"));
        var set = await _staff.PutAsJsonAsync(Url($"/api/v1/staff/branches/atlantis/calendar/{Iso(1)}"), new { reason = "闭馆" });

        read.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        set.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Without_a_range_the_calendar_shows_a_month_from_today_in_the_library_time_zone()
    {
        var calendar = (await _public.GetFromJsonAsync<JsonObject>(Url("/api/v1/branches/main/calendar")))!;

        ((string?)calendar["timeZone"]).ShouldBe(Api.Services.GetRequiredService<LibraryClock>().Zone.Id);
        ((string?)calendar["from"]).ShouldBe(Iso(0));
        ((string?)calendar["to"]).ShouldBe(Iso(30));
        calendar["days"]!.AsArray().Count.ShouldBe(31);
    }

    private Uri Entry(int daysFromToday) => Url($"/api/v1/staff/branches/main/calendar/{Iso(daysFromToday)}");

    private string Iso(int daysFromToday) => _today.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<List<(string Date, bool Open, string? Opens, string? Closes, string? Reason)>> DaysAsync(int from, int to)
    {
        var calendar = (await _public.GetFromJsonAsync<JsonObject>(Url($"/api/v1/branches/main/calendar?from={Iso(from)}&to={Iso(to)}")))!;
        return [.. calendar["days"]!.AsArray().Select(d => ((string)d!["date"]!, (bool)d["open"]!, (string?)d["opens"], (string?)d["closes"], (string?)d["reason"]))];
    }

    private static async Task<List<string>> ErrorsAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        return [.. (await answer.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key)];
    }
}
