using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Circulation;

internal sealed class LoanPolicyTests : ServiceTest
{
    private const string Policies = "/api/v1/staff/loan-policies";

    private HttpClient _admin = null!;

    [SetUp]
    public async Task Prepare()
    {
        _admin = Api.ClientWith((await Api.StaffTokensAsync("chief", StaffRole.Admin)).AccessToken);
        await Database.OpenLibraryAsync();
    }

    [TearDown]
    public void CleanUp() => _admin.Dispose();

    [Test]
    public async Task An_admin_sees_every_policy_and_sets_one_audited_with_the_values_before_and_after()
    {
        var before = (await _admin.GetFromJsonAsync<JsonArray>(Url(Policies)))!;

        var changed = await _admin.PutAsJsonAsync(Url($"{Policies}/undergraduate/book"), Policy(maxRenewals: 3, renewalPeriodDays: 45) with { RenewFrom = "due_date" });
        var added = await _admin.PutAsJsonAsync(Url($"{Policies}/alumni/media"), Policy(maxRenewals: 0, renewalPeriodDays: 7) with { RenewableDaysBeforeDue = 3 });

        before.Count.ShouldBe(8);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = (await _admin.GetFromJsonAsync<JsonArray>(Url(Policies)))!;
        after.Count.ShouldBe(9);
        var book = after.Single(p => (string?)p!["group"] == "undergraduate" && (string?)p["itemType"] == "book")!;
        ((int?)book["maxRenewals"]).ShouldBe(3);
        ((int?)book["renewalPeriodDays"]).ShouldBe(45);
        ((string?)book["renewFrom"]).ShouldBe("due_date");
        var media = after.Single(p => (string?)p!["group"] == "alumni")!;
        ((int?)media["renewableDaysBeforeDue"]).ShouldBe(3);
        await using var connection = Database.Open();
        var audits = (await connection.QueryAsync<(string Actor, string Target, string Details)>(
            "select actor, target, details::text from audit_log where action = 'loan-policy.set' order by id")).ToList();
        audits.Select(a => a.Target).ShouldBe(["loan-policy:undergraduate/book", "loan-policy:alumni/media"]);
        audits.ShouldAllBe(a => a.Actor.StartsWith("staff:"));
        audits[0].Details.ShouldContain("maxRenewals=2; renewableDaysBeforeDue=any");
        audits[0].Details.ShouldContain("maxRenewals=3; renewableDaysBeforeDue=any");
        audits[0].Details.ShouldContain("renewFrom=due_date");
        audits[1].Details.ShouldContain("\"before\": null");
    }

    [Test]
    public async Task The_recall_intervals_left_out_of_an_update_keep_their_values_and_sent_ones_are_set_and_audited()
    {
        await using var connection = Database.Open();
        await connection.ExecuteAsync("update loan_policies set recall_return_days = 3, guaranteed_loan_days = 21 where patron_group = 'undergraduate' and item_type = 'book'");

        var leftOut = await _admin.PutAsJsonAsync(Url($"{Policies}/undergraduate/book"), Policy(maxRenewals: 1, renewalPeriodDays: 30));
        var kept = await connection.QuerySingleAsync<(int, int)>(
            "select recall_return_days, guaranteed_loan_days from loan_policies where patron_group = 'undergraduate' and item_type = 'book'");
        var set = await _admin.PutAsJsonAsync(Url($"{Policies}/undergraduate/book"), new
        {
            loanPeriodDays = 30, renewalPeriodDays = 30, maxRenewals = 1, overdueRenewable = false, maxOpenLoans = 20, renewable = true,
            renewFrom = "today", recallReturnDays = 10,
        });
        var added = await _admin.PutAsJsonAsync(Url($"{Policies}/alumni/book"), Policy(maxRenewals: 0, renewalPeriodDays: 7));

        leftOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        kept.ShouldBe((3, 21));
        var view = (await set.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)view["recallReturnDays"]).ShouldBe(10);
        ((int?)view["guaranteedLoanDays"]).ShouldBe(21);
        var alumni = (await added.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)alumni["recallReturnDays"]).ShouldBe(7);
        ((int?)alumni["guaranteedLoanDays"]).ShouldBe(14);
        var listed = (await _admin.GetFromJsonAsync<JsonArray>(Url(Policies)))!.Single(p => (string?)p!["group"] == "undergraduate" && (string?)p["itemType"] == "book")!;
        ((int?)listed["recallReturnDays"]).ShouldBe(10);
        var details = (await connection.QueryAsync<string>("select details::text from audit_log where action = 'loan-policy.set' order by id")).ToList();
        details[1].ShouldContain("recallReturnDays=3; guaranteedLoanDays=21");
        details[1].ShouldContain("recallReturnDays=10; guaranteedLoanDays=21");
    }

    [Test]
    public async Task Recall_intervals_out_of_range_are_named_and_change_nothing()
    {
        var bad = await _admin.PutAsJsonAsync(Url($"{Policies}/undergraduate/book"), new
        {
            loanPeriodDays = 30, renewalPeriodDays = 30, maxRenewals = 1, overdueRenewable = false, maxOpenLoans = 20, renewable = true,
            renewFrom = "today", recallReturnDays = 366, guaranteedLoanDays = -1,
        });

        (await ErrorsAsync(bad)).ShouldBe(["recallReturnDays", "guaranteedLoanDays"], ignoreOrder: true);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'loan-policy.set'")).ShouldBe(0);
    }

    [Test]
    public async Task Every_bad_field_is_named_in_one_answer_and_nothing_changes()
    {
        var bad = await _admin.PutAsJsonAsync(Url($"{Policies}/wizards/book"), new
        {
            loanPeriodDays = 0, renewalPeriodDays = 731, maxRenewals = -1, renewableDaysBeforeDue = -2, maxOpenLoans = 1001, renewFrom = "tomorrow",
        });
        var unknownType = await _admin.PutAsJsonAsync(Url($"{Policies}/graduate/scroll"), Policy(maxRenewals: 1, renewalPeriodDays: 30));

        (await ErrorsAsync(bad)).ShouldBe(["group", "loanPeriodDays", "renewalPeriodDays", "maxRenewals", "renewableDaysBeforeDue",
            "maxOpenLoans", "overdueRenewable", "renewable", "renewFrom"], ignoreOrder: true);
        (await ErrorsAsync(unknownType)).ShouldBe(["itemType"]);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from loan_policies")).ShouldBe(8);
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'loan-policy.set'")).ShouldBe(0);
    }

    [Test]
    public async Task A_policy_change_applies_to_the_next_renewal_and_leaves_due_dates_and_past_renewals_as_they_were()
    {
        await Api.AddReadersAsync(Reader("R0001"));
        var reader = new ReaderRef.Patron((await Api.PatronAsync("R0001")).Id);
        var today = Api.Today();
        var renewedOnce = await Database.AddLoanAsync("R0001", "线性代数", today, 5, renewals: 1);
        var fresh = await Database.AddLoanAsync("R0001", "数学分析", today, 3);
        (await RenewAsync(reader, renewedOnce)).ShouldBeOfType<RenewalOutcome.Renewed>();
        var refusal = (await PreviewAsync(reader, renewedOnce)).ShouldBeOfType<RenewalOutcome.Refused>();
        refusal.Reasons.ShouldContain(new RenewalRefusal.TooMany(2, 2));
        var dueDates = await DueDatesAsync();
        var records = await RecordsAsync();

        var answer = await _admin.PutAsJsonAsync(Url($"{Policies}/undergraduate/book"), Policy(maxRenewals: 3, renewalPeriodDays: 45) with { LoanPeriodDays = 60 });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DueDatesAsync()).ShouldBe(dueDates);
        (await RecordsAsync()).ShouldBe(records);
        (await PreviewAsync(reader, renewedOnce)).ShouldBeOfType<RenewalOutcome.Renewed>().Loan.DueOn.ShouldBe(today.AddDays(45));
        var renewed = (await RenewAsync(reader, renewedOnce)).ShouldBeOfType<RenewalOutcome.Renewed>();
        renewed.Loan.DueOn.ShouldBe(today.AddDays(45));
        renewed.Loan.RenewalCount.ShouldBe(3);
        (await PreviewAsync(reader, renewedOnce)).ShouldBeOfType<RenewalOutcome.Refused>().Reasons.ShouldContain(new RenewalRefusal.TooMany(3, 3));
        (await DueDatesAsync())[fresh].ShouldBe(dueDates[fresh]);
        (await RecordsAsync()).Take(records.Count).ShouldBe(records);
    }

    private static LoanPolicyBody Policy(int maxRenewals, int renewalPeriodDays) =>
        new(30, renewalPeriodDays, maxRenewals, null, false, 20, true, "today");

    private Task<RenewalOutcome> RenewAsync(ReaderRef reader, long loanId) =>
        Api.Services.GetRequiredService<RenewLoan>().HandleAsync(reader, new LoanRef.Id(loanId), RenewalChannel.H5, CancellationToken.None);

    private Task<RenewalOutcome> PreviewAsync(ReaderRef reader, long loanId) =>
        Api.Services.GetRequiredService<PreviewRenewal>().HandleAsync(reader, loanId, CancellationToken.None);

    private async Task<Dictionary<long, DateOnly>> DueDatesAsync()
    {
        await using var connection = Database.Open();
        return (await connection.QueryAsync<(long Id, DateOnly DueOn)>("select id, due_on from loans")).ToDictionary(l => l.Id, l => l.DueOn);
    }

    private async Task<List<(long LoanId, DateOnly OldDueOn, DateOnly NewDueOn)>> RecordsAsync()
    {
        await using var connection = Database.Open();
        return [.. await connection.QueryAsync<(long, DateOnly, DateOnly)>("select loan_id, old_due_on, new_due_on from renewals order by id")];
    }

    /// <summary>The fields a validation problem names (the answer must be one).</summary>
    private static async Task<List<string>> ErrorsAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/validation");
        return [.. problem["errors"]!.AsObject().Select(e => e.Key)];
    }

    /// <summary>The body of a policy as an admin sends it (the wire's names).</summary>
    private sealed record LoanPolicyBody(
        int LoanPeriodDays, int RenewalPeriodDays, int MaxRenewals, int? RenewableDaysBeforeDue, bool OverdueRenewable,
        int MaxOpenLoans, bool Renewable, string RenewFrom);
}
