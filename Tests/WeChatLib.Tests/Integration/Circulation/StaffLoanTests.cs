using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Circulation;

/// <summary>Staff's view of a patron's loans and history, and renewals on the patron's behalf with or without an override.</summary>
internal sealed class StaffLoanTests : ServiceTest
{
    private HttpClient _desk = null!;
    private long _staffId;
    private DateOnly _today;

    [SetUp]
    public async Task Prepare()
    {
        // The service's start migrates the database; the library goes in after.
        _desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await Database.OpenLibraryAsync();
        await using var connection = Database.Open();
        _staffId = await connection.ExecuteScalarAsync<long>("select id from staff_accounts where username = 'desk'");
        await Api.AddReadersAsync(Reader("S0001", name: "张三"));
        _today = Api.Today();
    }

    [TearDown]
    public void CleanUp() => _desk.Dispose();

    [Test]
    public async Task A_patron_s_open_loans_come_most_urgent_first_with_the_renewal_preflight_of_each()
    {
        var renewable = await Database.AddLoanAsync("S0001", "三体", _today, 10);
        var used = await Database.AddLoanAsync("S0001", "活着", _today, 5, renewals: 2);
        var held = await Database.AddLoanAsync("S0001", "围城", _today, 20);
        await Database.AddHoldOnLoanAsync(held, "W0001");
        var returned = await Database.AddLoanAsync("S0001", "红楼梦", _today, 1, barcode: "B0000009");
        (await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = "B0000009", branch = "main" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answer = await _desk.GetAsync(Url("/api/v1/staff/patrons/S0001/loans"));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)body["name"]).ShouldBe("张三");
        ((string?)body["standing"]).ShouldBe("good");
        var loans = body["loans"]!.AsArray();
        loans.Select(l => (long)l!["loan"]!["id"]!).ShouldBe([used, renewable, held]);
        loans.ShouldNotContain(l => (long)l!["loan"]!["id"]! == returned);

        var first = loans[0]!;
        ((bool)first["renewal"]!["allowed"]!).ShouldBeFalse();
        ((int?)first["renewalsLeft"]).ShouldBe(0);
        Reasons(first["renewal"]!["reasons"]!).ShouldBe([("too_many", true)]);
        var second = loans[1]!;
        ((bool)second["renewal"]!["allowed"]!).ShouldBeTrue();
        ((string?)second["renewal"]!["newDueOn"]).ShouldBe(Iso(_today.AddDays(30)));
        ((int?)second["daysLeft"]).ShouldBe(10);
        second["renewal"]!["reasons"]!.AsArray().ShouldBeEmpty();
        Reasons(loans[2]!["renewal"]!["reasons"]!).ShouldBe([("on_hold", false)]);
    }

    [Test]
    public async Task A_restricted_patron_s_loans_say_why_none_may_be_renewed()
    {
        await Api.AddReadersAsync(Reader("S0002", PatronStatus.Restricted, "超期未还"));
        await Database.AddLoanAsync("S0002", "三体", _today, 10);

        var body = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/patrons/S0002/loans")))!;

        ((string?)body["standing"]).ShouldBe("restricted");
        ((string?)body["restrictionReason"]).ShouldBe("超期未还");
        var reason = body["loans"]![0]!["renewal"]!["reasons"]![0]!;
        ((string?)reason["code"]).ShouldBe("patron_restricted");
        ((string?)reason["parameters"]!["reason"]).ShouldBe("超期未还");
    }

    [TestCase("/api/v1/staff/patrons/NOBODY01/loans")]
    [TestCase("/api/v1/staff/patrons/NOBODY01/loan-history")]
    public async Task An_unknown_card_is_not_found(string path)
    {
        var answer = await _desk.GetAsync(Url(path));

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/not-found");
    }

    [Test]
    public async Task The_loan_history_lists_returned_and_open_loans_newest_first_in_pages_with_every_renewal()
    {
        var oldest = await Database.AddLoanAsync("S0001", "红楼梦", _today, 3, barcode: "B0000001");
        var middle = await Database.AddLoanAsync("S0001", "三体", _today, 3);
        var newest = await Database.AddLoanAsync("S0001", "活着", _today, 3);
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("""
                update loans set checked_out_at = now() - make_interval(days => case id when @oldest then 30 when @middle then 20 else 10 end)
                where id in (@oldest, @middle, @newest)
                """, new { oldest, middle, newest });
        var patron = await Api.PatronAsync("S0001");
        (await Api.Services.GetRequiredService<RenewLoan>().HandleAsync(
            new ReaderRef.Patron(patron.Id), new LoanRef.Id(middle), RenewalChannel.Menu, CancellationToken.None)).ShouldBeOfType<RenewalOutcome.Renewed>();
        (await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = "B0000001", branch = "main" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/patrons/S0001/loan-history?limit=2")))!;
        var next = (long)first["nextBefore"]!;
        var second = (await _desk.GetFromJsonAsync<JsonObject>(Url($"/api/v1/staff/patrons/S0001/loan-history?limit=2&before={next}")))!;

        first["loans"]!.AsArray().Select(l => (long)l!["loan"]!["id"]!).ShouldBe([newest, middle]);
        var renewal = first["loans"]![1]!["renewals"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)renewal["actor"]).ShouldBe($"patron:{patron.Id}");
        ((string?)renewal["channel"]).ShouldBe("menu");
        ((string?)renewal["oldDueOn"]).ShouldBe(Iso(_today.AddDays(3)));
        ((string?)renewal["newDueOn"]).ShouldBe(Iso(_today.AddDays(30)));
        renewal["overridden"]!.AsArray().ShouldBeEmpty();
        first["loans"]![0]!["renewals"]!.AsArray().ShouldBeEmpty();
        second["loans"]!.AsArray().Select(l => (long)l!["loan"]!["id"]!).ShouldBe([oldest]);
        ((string?)second["loans"]![0]!["returnedBy"]).ShouldBe($"staff:{_staffId}");
        second["loans"]![0]!["loan"]!["returnedAt"].ShouldNotBeNull();
        second["nextBefore"].ShouldBeNull();
    }

    [Test]
    public async Task A_staff_renewal_of_a_renewable_loan_renews_it_on_the_staff_channel_without_an_override()
    {
        var loan = await Database.AddLoanAsync("S0001", "三体", _today, 3);

        var answer = await Renew(loan, null);

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)body["loan"]!["dueOn"]).ShouldBe(Iso(_today.AddDays(30)));
        ((string?)body["oldDueOn"]).ShouldBe(Iso(_today.AddDays(3)));
        body["overridden"]!.AsArray().ShouldBeEmpty();
        var record = (await Database.RenewalsOfAsync(loan)).ShouldHaveSingleItem();
        record.Channel.ShouldBe("staff");
        record.Actor.ShouldBe($"staff:{_staffId}");
        record.Overridden.ShouldBeEmpty();
        record.OverrideComment.ShouldBeNull();
    }

    [TestCase(null)]
    [TestCase("   ")]
    public async Task An_override_without_a_comment_is_refused_listing_the_reasons_staff_may_override(string? comment)
    {
        await Database.SetRenewalWindowAsync("undergraduate", "book", 7);
        var loan = await Database.AddLoanAsync("S0001", "三体", _today, 20, renewals: 2);

        var answer = await Renew(loan, comment);

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/renewal-refused");
        ((string)problem["detail"]!).ShouldContain("Staff may override");
        Reasons(problem["reasons"]!).ShouldBe([("too_many", true), ("too_soon", true)], ignoreOrder: true);
        ((string?)problem["reasons"]!.AsArray().Single(r => (string?)r!["code"] == "too_soon")!["parameters"]!["first_allowed"])
            .ShouldBe(Iso(_today.AddDays(13)));
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(0);
    }

    [Test]
    public async Task An_override_with_a_comment_renews_and_the_record_keeps_the_comment_and_the_overridden_reasons()
    {
        await Database.SetRenewalWindowAsync("undergraduate", "book", 7);
        var loan = await Database.AddLoanAsync("S0001", "三体", _today, 20, renewals: 2);

        var answer = await Renew(loan, "  读者出国交流，延期归还  ");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        body["overridden"]!.AsArray().Select(c => (string)c!).ShouldBe(["too_many", "too_soon"], ignoreOrder: true);
        ((string?)body["comment"]).ShouldBe("读者出国交流，延期归还");
        ((int?)body["loan"]!["renewalCount"]).ShouldBe(3);
        var record = (await Database.RenewalsOfAsync(loan)).ShouldHaveSingleItem();
        record.Channel.ShouldBe("staff");
        record.OverrideComment.ShouldBe("读者出国交流，延期归还");
        record.Overridden.ShouldBe(["too_many", "too_soon"], ignoreOrder: true);
        record.NewDueOn.ShouldBe(_today.AddDays(30));

        var history = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/patrons/S0001/loan-history")))!;
        var shown = history["loans"]![0]!["renewals"]![0]!;
        ((string?)shown["channel"]).ShouldBe("staff");
        ((string?)shown["overrideComment"]).ShouldBe("读者出国交流，延期归还");
        shown["overridden"]!.AsArray().Select(c => (string)c!).ShouldBe(["too_many", "too_soon"], ignoreOrder: true);
    }

    [Test]
    public async Task An_overdue_loan_is_renewed_by_an_override_with_a_comment()
    {
        var loan = await Database.AddLoanAsync("S0001", "三体", _today, -2);

        var refused = await Renew(loan, null);
        var renewed = await Renew(loan, "读者住院，免于超期");

        Reasons((await refused.Content.ReadFromJsonAsync<JsonObject>())!["reasons"]!).ShouldBe([("overdue_not_renewable", true)]);
        renewed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.RenewalsOfAsync(loan)).ShouldHaveSingleItem().Overridden.ShouldBe(["overdue_not_renewable"]);
    }

    [Test]
    public async Task An_override_never_lifts_a_hold_and_names_only_what_still_refuses()
    {
        var loan = await Database.AddLoanAsync("S0001", "三体", _today, 3, renewals: 2);
        await Database.AddHoldOnLoanAsync(loan, "W0001");

        var answer = await Renew(loan, "读者请求");

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Reasons((await answer.Content.ReadFromJsonAsync<JsonObject>())!["reasons"]!).ShouldBe([("on_hold", false)]);
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(0);
    }

    [Test]
    public async Task An_override_never_lifts_a_recall_or_the_patron_s_restriction()
    {
        var recalled = await Database.AddLoanAsync("S0001", "三体", _today, 3);
        await Database.RecallAsync(recalled);
        await Api.AddReadersAsync(Reader("S0002", PatronStatus.Restricted, "欠费"));
        var restricted = await Database.AddLoanAsync("S0002", "活着", _today, 3);

        var first = await Renew(recalled, "读者请求");
        var second = await Renew(restricted, "读者请求");

        Reasons((await first.Content.ReadFromJsonAsync<JsonObject>())!["reasons"]!).ShouldBe([("recalled", false)]);
        Reasons((await second.Content.ReadFromJsonAsync<JsonObject>())!["reasons"]!).ShouldBe([("patron_restricted", false)]);
        (await Database.RenewalRecordsAsync(recalled)).ShouldBe(0);
        (await Database.RenewalRecordsAsync(restricted)).ShouldBe(0);
    }

    [Test]
    public async Task A_renewal_of_an_unknown_loan_is_not_found()
    {
        var answer = await Renew(999_999, "读者请求");

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> Renew(long loanId, string? comment) =>
        _desk.PostAsJsonAsync(Url($"/api/v1/staff/loans/{loanId}/renewal"), new { comment });

    private static IReadOnlyList<(string Code, bool StaffMayOverride)> Reasons(JsonNode reasons) =>
        [.. reasons.AsArray().Select(r => ((string)r!["code"]!, (bool)r["staffMayOverride"]!))];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
