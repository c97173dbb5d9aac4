using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Loans;

/// <summary>The H5 pages' loans: the list with its preflight, renewals that name every reason, and Idempotency-Key.</summary>
internal sealed class MyLoansApiTests : ServiceTest
{
    private HttpClient reader = null!;
    private DateOnly today;

    [SetUp]
    public async Task Prepare()
    {
        await Api.AddReadersAsync(Reader("C0001", name: "张三"), Reader("C0002", name: "李四"),
            Reader("C0003", PatronStatus.Restricted, "有超期未还图书"));
        await Database.OpenLibraryAsync();
        reader = Api.ClientWith((await Api.ReaderTokensAsync("C0001", "oLoansReader0000000000000001")).AccessToken);
        today = Api.Today();
    }

    [TearDown]
    public void DisposeClient() => reader.Dispose();

    [Test]
    public async Task The_list_is_most_urgent_first_and_says_for_each_loan_whether_it_may_be_renewed_and_why_not()
    {
        await Database.AddLoanAsync("C0001", "活着", today, 12);
        await Database.AddLoanAsync("C0001", "三体", today, -3);
        var held = await Database.AddLoanAsync("C0001", "围城", today, 5, renewals: 2);
        await Database.AddHoldOnLoanAsync(held, "C0009");

        var body = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/loans")))!;

        ((string)body["standing"]!).ShouldBe("good");
        var loans = body["loans"]!.AsArray();
        loans.Select(l => (string)l!["title"]!).ShouldBe(["三体", "围城", "活着"]);
        ((int)loans[0]!["daysLeft"]!).ShouldBe(-3);
        Codes(loans[0]!["renewal"]!).ShouldBe(["overdue_not_renewable"]);
        Codes(loans[1]!["renewal"]!).ShouldBe(["too_many", "on_hold"]);
        loans[1]!["renewal"]!["reasons"]![0]!["parameters"]!["max"]!.GetValue<string>().ShouldBe("2");
        ((bool)loans[2]!["renewal"]!["allowed"]!).ShouldBeTrue();
        ((string)loans[2]!["renewal"]!["newDueOn"]!).ShouldBe(Iso(today.AddDays(30)));
        ((int)loans[2]!["renewalsLeft"]!).ShouldBe(2);
    }

    [Test]
    public async Task A_renewal_moves_the_due_date_from_today_and_a_second_the_same_day_is_refused_with_its_reason()
    {
        var loan = await Database.AddLoanAsync("C0001", "活着", today, 3);

        var first = await reader.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null);
        var second = await reader.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var renewed = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)renewed["dueOn"]!).ShouldBe(Iso(today.AddDays(30)));
        ((string)renewed["oldDueOn"]!).ShouldBe(Iso(today.AddDays(3)));
        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)problem["type"]!).ShouldBe("/problems/renewal-refused");
        problem["reasons"]!.AsArray().Select(r => (string)r!["code"]!).ShouldBe(["would_not_change_due_date"]);
        ((string)problem["reasons"]![0]!["message"]!).ShouldBe("续借不会延长应还日期");
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
        (await RenewalChannel(loan)).ShouldBe("h5");
    }

    [Test]
    public async Task A_repeat_with_the_same_idempotency_key_gets_the_first_answer_and_renews_nothing_more()
    {
        var loan = await Database.AddLoanAsync("C0001", "活着", today, 3);

        var first = await PostWithKey($"/api/v1/me/loans/{loan}/renewal", "renew-a-1");
        var repeat = await PostWithKey($"/api/v1/me/loans/{loan}/renewal", "renew-a-1");
        var withoutKey = await reader.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        repeat.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await repeat.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        repeat.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        // Without the key the same request runs again, and is refused: the key is what gave the first answer back.
        withoutKey.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
    }

    [Test]
    public async Task An_idempotency_key_reused_for_another_loan_is_refused_and_another_readers_key_is_their_own()
    {
        var mine = await Database.AddLoanAsync("C0001", "活着", today, 3);
        var other = await Database.AddLoanAsync("C0001", "三体", today, 3);
        var theirs = await Database.AddLoanAsync("C0002", "围城", today, 3);
        var someoneElse = Api.ClientWith((await Api.ReaderTokensAsync("C0002", "oLoansReader0000000000000002")).AccessToken);

        (await PostWithKey($"/api/v1/me/loans/{mine}/renewal", "k1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reused = await PostWithKey($"/api/v1/me/loans/{other}/renewal", "k1");
        var sameKeyOtherReader = await PostWithKey($"/api/v1/me/loans/{theirs}/renewal", "k1", someoneElse);

        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ((string)(await reused.Content.ReadFromJsonAsync<JsonObject>())!["type"]!).ShouldBe("/problems/idempotency-key-reused");
        (await Database.RenewalRecordsAsync(other)).ShouldBe(0);
        sameKeyOtherReader.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.RenewalRecordsAsync(theirs)).ShouldBe(1);
    }

    [Test]
    public async Task Another_readers_loan_is_refused_as_not_yours_without_saying_which_book_it_is()
    {
        var theirs = await Database.AddLoanAsync("C0002", "秘密的书", today, 3);

        var response = await reader.PostAsync(Url($"/api/v1/me/loans/{theirs}/renewal"), null);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("not_your_loan");
        text.ShouldNotContain("秘密的书");
        (await Database.RenewalRecordsAsync(theirs)).ShouldBe(0);
        (await reader.PostAsync(Url("/api/v1/me/loans/999999/renewal"), null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_restricted_reader_sees_their_loans_and_the_reason_and_cannot_renew()
    {
        var loan = await Database.AddLoanAsync("C0003", "活着", today, 3);
        var restricted = Api.ClientWith((await Api.ReaderTokensAsync("C0003", "oLoansReader0000000000000003")).AccessToken);

        var list = (await restricted.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/loans")))!;
        var renewal = await restricted.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null);
        var renewAll = (await (await restricted.PostAsync(Url("/api/v1/me/loans/renewals"), null)).Content.ReadFromJsonAsync<JsonObject>())!;

        ((string)list["standing"]!).ShouldBe("restricted");
        ((string)list["restrictionReason"]!).ShouldBe("有超期未还图书");
        Codes(list["loans"]![0]!["renewal"]!).ShouldBe(["patron_restricted"]);
        renewal.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await renewal.Content.ReadAsStringAsync()).ShouldContain("有超期未还图书");
        renewAll["renewed"]!.AsArray().ShouldBeEmpty();
        renewAll["notRenewed"]![0]!["reasons"]![0]!["code"]!.GetValue<string>().ShouldBe("patron_restricted");
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(0);
    }

    [Test]
    public async Task Renew_all_renews_what_may_be_renewed_and_lists_each_other_loan_with_its_reasons()
    {
        var a = await Database.AddLoanAsync("C0001", "活着", today, 3);
        var b = await Database.AddLoanAsync("C0001", "三体", today, 5);
        var reference = await Database.AddLoanAsync("C0001", "现代汉语词典", today, 2, itemType: "reference");

        var response = await reader.PostAsync(Url("/api/v1/me/loans/renewals"), null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["renewed"]!.AsArray().Select(r => (long)r!["loanId"]!).Order().ShouldBe([a, b]);
        var notRenewed = body["notRenewed"]!.AsArray().Single()!;
        ((long)notRenewed["loanId"]!).ShouldBe(reference);
        Codes(notRenewed).ShouldBe(["item_type_not_renewable"]);
        (await Database.RenewalRecordsAsync(a)).ShouldBe(1);
        (await Database.RenewalRecordsAsync(reference)).ShouldBe(0);
    }

    [Test]
    public async Task The_preview_answers_like_the_renewal_and_changes_nothing()
    {
        var loan = await Database.AddLoanAsync("C0001", "活着", today, 3);

        var preview = await reader.GetFromJsonAsync<JsonObject>(Url($"/api/v1/me/loans/{loan}/renewal"));
        var renewal = await reader.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null);

        ((string)preview!["dueOn"]!).ShouldBe(Iso(today.AddDays(30)));
        ((string)(await renewal.Content.ReadFromJsonAsync<JsonObject>())!["dueOn"]!).ShouldBe(Iso(today.AddDays(30)));
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
    }

    private async Task<HttpResponseMessage> PostWithKey(string path, string key, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path));
        request.Headers.Add("Idempotency-Key", key);
        return await (client ?? reader).SendAsync(request);
    }

    private async Task<string> RenewalChannel(long loanId)
    {
        await using var connection = Database.Open();
        return await connection.QuerySingleAsync<string>("select channel from renewals where loan_id = @loanId", new { loanId });
    }

    private static string[] Codes(JsonNode renewal) => [.. renewal["reasons"]!.AsArray().Select(r => (string)r!["code"]!)];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
