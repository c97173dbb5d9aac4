using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Overdue;

/// <summary>The overdue follow-up desk through its REST endpoints, on the real database and Redis.</summary>
internal sealed class OverdueDeskTests : ServiceTest
{
    private HttpClient _desk = null!;
    private long _staffId;
    private DateOnly _today;

    [SetUp]
    public async Task Prepare()
    {
        _desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await Database.OpenLibraryAsync();
        await Database.AddBranchAsync("east", "东区分馆");
        await using var connection = Database.Open();
        _staffId = await connection.ExecuteScalarAsync<long>("select id from staff_accounts where username = 'desk'");
        _today = Api.Today();
        await Api.AddReadersAsync(
            Reader("U0001", name: "陈晓"),
            Reader("G0002", group: PatronGroup.Graduate, name: "林静") with { College = "外国语学院" },
            Reader("F0003", group: PatronGroup.Faculty, name: "刘建国") with { College = "历史学院" });
    }

    [TearDown]
    public void CleanUp() => _desk.Dispose();

    [Test]
    public async Task Each_filter_narrows_the_list_to_the_loans_it_names_most_overdue_first()
    {
        var one = await Database.AddLoanAsync("U0001", "数据结构", _today, -1, barcode: "B0000001");
        var eight = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002", branch: "east");
        var twenty = await Database.AddLoanAsync("F0003", "万历十五年", _today, -20, barcode: "B0000003");
        await Database.AddLoanAsync("U0001", "三体", _today, 0, barcode: "B0000004");
        var returned = await Database.AddLoanAsync("U0001", "围城", _today, -30, barcode: "B0000005");
        await Database.ReturnLoanAsync(returned);

        (await LoanIdsAsync("")).ShouldBe([twenty, eight, one]);
        (await LoanIdsAsync("minDaysOverdue=5")).ShouldBe([twenty, eight]);
        (await LoanIdsAsync("maxDaysOverdue=10")).ShouldBe([eight, one]);
        (await LoanIdsAsync("minDaysOverdue=8&maxDaysOverdue=8")).ShouldBe([eight]);
        (await LoanIdsAsync("group=graduate")).ShouldBe([eight]);
        (await LoanIdsAsync("college=" + Uri.EscapeDataString("历史学院"))).ShouldBe([twenty]);
        (await LoanIdsAsync("branch=east")).ShouldBe([eight]);

        // Called today with a follow-up planned for tomorrow: not due; planned for today: due; never called: due.
        (await PostContact(twenty, new { channel = "phone", outcome = "promised_return", nextFollowUpOn = Iso(_today.AddDays(1)) })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostContact(eight, new { channel = "wechat", outcome = "no_answer", nextFollowUpOn = Iso(_today) })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await LoanIdsAsync("followUpDue=true")).ShouldBe([eight, one]);
        (await LoanIdsAsync("followUpDue=false")).ShouldBe([twenty, eight, one]);
    }

    [Test]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var loans = new List<long>();
        for (var i = 1; i <= 5; i++)
            loans.Add(await Database.AddLoanAsync("U0001", $"图书{i}", _today, -i, barcode: $"B000000{i}"));

        var first = await ListAsync("limit=2");
        // The last loan of the first page is renewed meanwhile: the list still goes on from where that page ended.
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("update loans set due_on = due_on + 60 where id = @id", new { id = Ids(first).Last() });
        var second = await ListAsync($"limit=2&after={(string)first["nextAfter"]!}");
        var third = await ListAsync($"limit=2&after={(string)second["nextAfter"]!}");

        Ids(first).Concat(Ids(second)).Concat(Ids(third)).ShouldBe(Enumerable.Reverse(loans));
        third["nextAfter"].ShouldBeNull();
        (await _desk.GetAsync(Url("/api/v1/staff/overdue-loans?limit=201"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task A_recorded_contact_is_the_loans_last_contact_and_heads_its_history_with_the_staff_member_from_the_token()
    {
        var loan = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002");
        var earlier = DateTimeOffset.UtcNow.AddHours(-3);

        var first = await PostContact(loan, new { channel = "phone", outcome = "no_answer", note = "无人接听", contactedAt = earlier });
        // A staff id in the body is not who made the contact: the token says who did.
        var second = await PostContact(loan, new
        {
            channel = "enterprise_chat", outcome = "promised_return", note = "读者答应周五前归还", nextFollowUpOn = Iso(_today.AddDays(3)), staffId = 999,
        });

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        var recorded = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int)recorded["daysOverdue"]!).ShouldBe(8);
        ((long)recorded["contact"]!["staffId"]!).ShouldBe(_staffId);

        var listed = (await ListAsync(""))["loans"]!.AsArray().Single()!;
        ((string?)listed["lastContact"]!["channel"]).ShouldBe("enterprise_chat");
        ((string?)listed["lastContact"]!["outcome"]).ShouldBe("promised_return");
        ((string?)listed["lastContact"]!["staffName"]).ShouldBe("desk");
        ((string?)listed["nextFollowUpOn"]).ShouldBe(Iso(_today.AddDays(3)));
        ((int)listed["daysOverdue"]!).ShouldBe(8);

        var history = await HistoryAsync(loan);
        ((bool)history["closed"]!).ShouldBeFalse();
        history["contacts"]!.AsArray().Select(c => (string?)c!["note"]).ShouldBe(["读者答应周五前归还", "无人接听"]);
        history["contacts"]!.AsArray().Select(c => (long)c!["staffId"]!).ShouldAllBe(id => id == _staffId);
        DateTimeOffset.Parse((string)history["contacts"]![1]!["contactedAt"]!, CultureInfo.InvariantCulture).ShouldBe(earlier, TimeSpan.FromMilliseconds(1));
        await using var connection = Database.Open();
        (await connection.QueryAsync<string>("select actor from audit_log where action = 'loan.overdue_contact'"))
            .ShouldBe([$"staff:{_staffId}", $"staff:{_staffId}"]);
    }

    [Test]
    public async Task Invalid_fields_are_each_named_and_nothing_is_kept()
    {
        var loan = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002");

        var answer = await PostContact(loan, new
        {
            channel = "fax", note = new string('记', 2001), nextFollowUpOn = Iso(_today.AddDays(-1)), contactedAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        var badFilter = await _desk.GetAsync(Url("/api/v1/staff/overdue-loans?maxDaysOverdue=0&group=visitor"));

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/validation");
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["channel", "contactedAt", "nextFollowUpOn", "note", "outcome"]);
        (await Database.OverdueContactCountAsync(loan)).ShouldBe(0);
        badFilter.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await badFilter.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["group", "maxDaysOverdue"]);
    }

    [Test]
    public async Task A_loan_not_yet_overdue_is_not_chased_and_an_unknown_loan_is_not_found()
    {
        var loan = await Database.AddLoanAsync("U0001", "三体", _today, 0, barcode: "B0000004");

        var notOverdue = await PostContact(loan, new { channel = "phone", outcome = "reached" });
        var unknown = await PostContact(999999, new { channel = "phone", outcome = "reached" });

        notOverdue.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await notOverdue.ProblemTypeAsync()).ShouldBe("/problems/loan-not-overdue");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Database.OverdueContactCountAsync(loan)).ShouldBe(0);
    }

    [Test]
    public async Task A_return_closes_the_case_the_loan_leaves_the_list_refuses_contacts_and_keeps_its_history()
    {
        var loan = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002");
        (await PostContact(loan, new { channel = "phone", outcome = "promised_return", note = "明天还" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var checkin = await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = "B0000002", branch = "main" });
        var afterReturn = await PostContact(loan, new { channel = "phone", outcome = "reached" });

        checkin.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LoanIdsAsync("")).ShouldBeEmpty();
        afterReturn.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await afterReturn.ProblemTypeAsync()).ShouldBe("/problems/overdue-case-closed");
        var history = await HistoryAsync(loan);
        ((bool)history["closed"]!).ShouldBeTrue();
        history["closedAt"].ShouldNotBeNull();
        ((int)history["daysOverdue"]!).ShouldBe(8);
        history["contacts"]!.AsArray().Select(c => (string?)c!["note"]).ShouldBe(["明天还"]);
        (await Database.OverdueContactCountAsync(loan)).ShouldBe(1);
    }

    [Test]
    public async Task The_csv_export_has_a_bom_a_header_the_filtered_rows_and_formulas_neutralised()
    {
        await Api.AddReadersAsync(Reader("X0004", name: "=HYPERLINK(\"http://evil.example\",\"点我\")") with { College = "外国语学院" });
        var injected = await Database.AddLoanAsync("X0004", "围城", _today, -20, barcode: "B0000004");
        var plain = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002");
        await Database.AddLoanAsync("U0001", "数据结构", _today, -1, barcode: "B0000001");
        (await PostContact(plain, new { channel = "phone", outcome = "other", note = "+86 说会还" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var answer = await _desk.GetAsync(Url("/api/v1/staff/overdue-loans.csv?college=" + Uri.EscapeDataString("外国语学院")));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith("借阅号,条码,题名,馆藏分馆,借书证号,姓名,");
        lines[1].ShouldStartWith($"{injected},B0000004,围城,main,X0004,\"'=HYPERLINK(");
        lines[1].ShouldContain(",20,");
        lines[2].ShouldStartWith($"{plain},B0000002,傲慢与偏见,main,G0002,林静,graduate,外国语学院,");
        lines[2].ShouldContain(",desk,phone,other,\"'+86 说会还\",");
        lines.ShouldNotContain(l => l.Contains(",=") || l.Contains(",+"));
    }

    [Test]
    public async Task A_reader_or_a_reference_librarian_cannot_use_the_desk()
    {
        var loan = await Database.AddLoanAsync("U0001", "数据结构", _today, -1, barcode: "B0000001");
        using var reader = Api.ClientWith((await Api.ReaderTokensAsync("U0001", "oReader00000000000000000001")).AccessToken);
        using var reference = Api.ClientWith((await Api.StaffTokensAsync("ref", StaffRole.Reference)).AccessToken);
        using var nobody = Api.ClientWith(null);

        foreach (var (client, expected) in new[] { (reader, HttpStatusCode.Forbidden), (reference, HttpStatusCode.Forbidden), (nobody, HttpStatusCode.Unauthorized) })
        {
            (await client.GetAsync(Url("/api/v1/staff/overdue-loans"))).StatusCode.ShouldBe(expected);
            (await client.GetAsync(Url("/api/v1/staff/overdue-loans.csv"))).StatusCode.ShouldBe(expected);
            (await client.GetAsync(Url($"/api/v1/staff/loans/{loan}/contacts"))).StatusCode.ShouldBe(expected);
            (await client.PostAsJsonAsync(Url($"/api/v1/staff/loans/{loan}/contacts"), new { channel = "phone", outcome = "reached" })).StatusCode.ShouldBe(expected);
        }
        (await Database.OverdueContactCountAsync(loan)).ShouldBe(0);
    }

    [Test]
    public async Task Forty_identical_contacts_sent_at_once_with_one_idempotency_key_keep_one_contact()
    {
        var loan = await Database.AddLoanAsync("G0002", "傲慢与偏见", _today, -8, barcode: "B0000002");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            PostContact(loan, new { channel = "phone", outcome = "message_left", note = "已留言" }, "call-2026-0001")));

        answers.ShouldContain(a => a.StatusCode == HttpStatusCode.Created);
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict);
        (await Database.OverdueContactCountAsync(loan)).ShouldBe(1);
        (await Database.AuditCountAsync("loan.overdue_contact")).ShouldBe(1);
    }

    private async Task<HttpResponseMessage> PostContact(long loanId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"/api/v1/staff/loans/{loanId}/contacts")) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await _desk.SendAsync(request);
    }

    private async Task<JsonObject> ListAsync(string query)
    {
        var answer = await _desk.GetAsync(Url("/api/v1/staff/overdue-loans?" + query));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<List<long>> LoanIdsAsync(string query) => Ids(await ListAsync(query));

    private static List<long> Ids(JsonObject page) => [.. page["loans"]!.AsArray().Select(l => (long)l!["loanId"]!)];

    private async Task<JsonObject> HistoryAsync(long loanId)
    {
        var answer = await _desk.GetAsync(Url($"/api/v1/staff/loans/{loanId}/contacts"));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
