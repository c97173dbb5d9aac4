using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Circulation;

/// <summary>Checkout and check-in at the desk, through the REST endpoints, on the real database.</summary>
internal sealed class CirculationDeskTests : ServiceTest
{
    private HttpClient _desk = null!;
    private long _staffId;

    [SetUp]
    public async Task Prepare()
    {
        // The service's start migrates the database; the library goes in after.
        _desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await Database.OpenLibraryAsync();
        await using var connection = Database.Open();
        _staffId = await connection.ExecuteScalarAsync<long>("select id from staff_accounts where username = 'desk'");
        await Api.AddReadersAsync(Reader("S0001", name: "张三"));
    }

    [TearDown]
    public void CleanUp() => _desk.Dispose();

    [Test]
    public async Task A_checkout_lends_the_item_for_the_loan_period_and_is_audited()
    {
        await Database.AddItemAsync("B0000001", "三体");

        var answer = await CheckOut("S0001", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)body["cardNumber"]).ShouldBe("S0001");
        ((string?)body["loan"]!["title"]).ShouldBe("三体");
        ((string?)body["loan"]!["dueOn"]).ShouldBe(Iso(Api.Today().AddDays(30)));
        var loan = (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem();
        loan.CardNumber.ShouldBe("S0001");
        loan.DueOn.ShouldBe(Api.Today().AddDays(30));
        loan.CheckedOutBy.ShouldBe($"staff:{_staffId}");
        (await Database.ItemStatusAsync("B0000001")).ShouldBe("on_loan");
        (await Database.AuditCountAsync("loan.checked_out")).ShouldBe(1);
    }

    [Test]
    public async Task A_checkout_repeated_with_its_idempotency_key_answers_as_the_first_and_lends_once()
    {
        await Database.AddItemAsync("B0000001", "三体");

        var first = await CheckOut("S0001", "B0000001", "desk-7-scan-1");
        var repeat = await CheckOut("S0001", "B0000001", "desk-7-scan-1");
        var withoutKey = await CheckOut("S0001", "B0000001");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        repeat.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await repeat.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        withoutKey.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem();
    }

    [Test]
    public async Task Forty_desks_lending_one_item_to_forty_readers_at_once_make_exactly_one_loan()
    {
        await Database.AddItemAsync("B0000001");
        var cards = Enumerable.Range(1, 40).Select(i => $"R{i:D4}").ToArray();
        await Api.AddReadersAsync([.. cards.Select(c => Reader(c))]);

        var answers = await Task.WhenAll(cards.Select(card => CheckOut(card, "B0000001")));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            (await CodesOf(refused)).ShouldBe(["item_not_available"]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem().ReturnedAt.ShouldBeNull();
        (await Database.AuditCountAsync("loan.checked_out")).ShouldBe(1);
    }

    [Test]
    public async Task Forty_checkouts_of_forty_items_at_once_to_a_reader_allowed_five_make_exactly_five_loans()
    {
        await Database.SetMaxOpenLoansAsync("undergraduate", "book", 5);
        var barcodes = Enumerable.Range(1, 40).Select(i => $"B{i:D7}").ToArray();
        foreach (var barcode in barcodes)
            await Database.AddItemAsync(barcode);

        var answers = await Task.WhenAll(barcodes.Select(barcode => CheckOut("S0001", barcode)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            (await ReasonsOf(refused)).ShouldBe([("too_many_loans", "item_type=book,max=5,open=5")]);
        (await Database.OpenLoanBarcodesAsync("S0001")).Count.ShouldBe(5);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from items where status = 'on_loan'")).ShouldBe(5);
    }

    [Test]
    public async Task A_due_date_on_a_closed_day_moves_to_the_next_open_day()
    {
        var today = Api.Today();
        await Database.CloseOnAsync(today.AddDays(30), "国庆节");
        await Database.CloseOnAsync(today.AddDays(31), "国庆节");
        await Database.AddItemAsync("B0000001");

        var answer = await CheckOut("S0001", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["loan"]!["dueOn"]).ShouldBe(Iso(today.AddDays(32)));
        (await Database.LoansOfItemAsync("B0000001")).Single().DueOn.ShouldBe(today.AddDays(32));
    }

    [Test]
    public async Task A_due_date_after_the_card_expires_is_capped_at_the_expiry_and_moved_back_off_a_closed_day()
    {
        var today = Api.Today();
        await Api.AddReadersAsync(Reader("S0002", expiresOn: today.AddDays(10)));
        await Database.CloseOnAsync(today.AddDays(10), "闭馆");
        await Database.AddItemAsync("B0000001");

        var answer = await CheckOut("S0002", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.LoansOfItemAsync("B0000001")).Single().DueOn.ShouldBe(today.AddDays(9));
    }

    [Test]
    public async Task An_unknown_barcode_is_refused_as_no_such_item()
    {
        var answer = await CheckOut("S0001", "NOPE0001");

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ReasonsOf(answer)).ShouldBe([("no_such_item", "barcode=NOPE0001")]);
    }

    [Test]
    public async Task An_unknown_card_is_not_found()
    {
        await Database.AddItemAsync("B0000001");

        var answer = await CheckOut("NOBODY01", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Database.LoansOfItemAsync("B0000001")).ShouldBeEmpty();
    }

    [TestCase("on_loan")]
    [TestCase("lost")]
    [TestCase("in_transit")]
    public async Task An_item_not_on_the_shelf_is_refused_as_not_available_with_its_status(string status)
    {
        await Database.AddItemAsync("B0000001", status: status);

        var answer = await CheckOut("S0001", "B0000001");

        (await ReasonsOf(answer)).ShouldBe([("item_not_available", $"status={status}")]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldBeEmpty();
        (await Database.ItemStatusAsync("B0000001")).ShouldBe(status);
    }

    [Test]
    public async Task A_restricted_reader_is_refused_with_the_restriction_reason()
    {
        await Api.AddReadersAsync(Reader("S0002", PatronStatus.Restricted, "超期未还"));
        await Database.AddItemAsync("B0000001");

        var answer = await CheckOut("S0002", "B0000001");

        (await ReasonsOf(answer)).ShouldBe([("patron_restricted", "reason=超期未还")]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldBeEmpty();
        (await Database.ItemStatusAsync("B0000001")).ShouldBe("available");
    }

    [Test]
    public async Task A_reader_whose_card_has_expired_is_refused_with_the_expiry_date()
    {
        var expired = Api.Today().AddDays(-1);
        await Api.AddReadersAsync(Reader("S0002", expiresOn: expired));
        await Database.AddItemAsync("B0000001");

        var answer = await CheckOut("S0002", "B0000001");

        (await ReasonsOf(answer)).ShouldBe([("patron_expired", $"expires_on={Iso(expired)}")]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldBeEmpty();
    }

    [Test]
    public async Task An_item_type_the_reader_s_group_has_no_policy_for_is_refused_as_no_policy()
    {
        await Database.AddItemAsync("M0000001", itemType: "media");

        var answer = await CheckOut("S0001", "M0000001");

        (await ReasonsOf(answer)).ShouldBe([("no_policy", "item_type=media,patron_group=undergraduate")]);
        (await Database.LoansOfItemAsync("M0000001")).ShouldBeEmpty();
    }

    [Test]
    public async Task A_loan_beyond_the_limit_for_the_item_type_is_refused_as_too_many_loans_while_other_types_still_go_out()
    {
        // Reference works: two at a time.
        await Database.AddLoanAsync("S0001", "辞海", Api.Today(), 5, itemType: "reference");
        await Database.AddLoanAsync("S0001", "现代汉语词典", Api.Today(), 5, itemType: "reference");
        await Database.AddItemAsync("F0000001", itemType: "reference");
        await Database.AddItemAsync("B0000001");

        var refused = await CheckOut("S0001", "F0000001");
        var book = await CheckOut("S0001", "B0000001");

        (await ReasonsOf(refused)).ShouldBe([("too_many_loans", "item_type=reference,max=2,open=2")]);
        book.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.LoansOfItemAsync("F0000001")).ShouldBeEmpty();
    }

    [Test]
    public async Task An_item_on_the_hold_shelf_for_another_reader_is_refused_and_goes_out_to_that_reader_filling_the_hold()
    {
        await Database.AddItemAsync("B0000001");
        var hold = await Database.AddReadyHoldAsync("B0000001", "H0001");

        var refused = await CheckOut("S0001", "B0000001");
        var collected = await CheckOut("H0001", "B0000001");

        (await ReasonsOf(refused)).ShouldBe([("on_hold_for_another_reader", "")]);
        collected.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem().CardNumber.ShouldBe("H0001");
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<string>("select status from holds where id = @hold", new { hold })).ShouldBe("fulfilled");
    }

    [Test]
    public async Task Every_reason_that_applies_is_listed_at_once()
    {
        await Api.AddReadersAsync(Reader("S0002", PatronStatus.Restricted, "欠费"));
        await Database.AddItemAsync("M0000001", itemType: "media", status: "lost");

        var answer = await CheckOut("S0002", "M0000001");

        (await CodesOf(answer)).ShouldBe(["item_not_available", "no_policy", "patron_restricted"], ignoreOrder: true);
    }

    [Test]
    public async Task An_item_whose_status_says_available_while_a_loan_is_open_is_refused_by_the_one_open_loan_rule()
    {
        // The holdings say the item is on the shelf, but a loan of it is still open (say, an ILS that forgot to update it).
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 10, barcode: "B0000001");
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("update items set status = 'available' where barcode = 'B0000001'");
        await Api.AddReadersAsync(Reader("S0002"));

        var answer = await CheckOut("S0002", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ReasonsOf(answer)).ShouldBe([("item_not_available", "status=on_loan")]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem().CardNumber.ShouldBe("S0001");
        (await Database.AuditCountAsync("loan.checked_out")).ShouldBe(0);
    }

    [Test]
    public async Task A_checkout_without_a_card_number_is_invalid()
    {
        var answer = await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkouts"), new { barcode = "B0000001" });

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/validation");
    }

    [Test]
    public async Task A_check_in_closes_the_loan_and_puts_the_item_back_on_the_shelf()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), -3, barcode: "B0000001");

        var answer = await CheckIn("B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)body["daysOverdue"]).ShouldBe(3);
        ((string?)body["loan"]!["returnedAt"]).ShouldNotBeNull();
        var loan = (await Database.LoansOfItemAsync("B0000001")).Single();
        loan.ReturnedAt.ShouldNotBeNull();
        loan.ReturnedBy.ShouldBe($"staff:{_staffId}");
        (await Database.ItemStatusAsync("B0000001")).ShouldBe("available");
        (await Database.OpenLoanBarcodesAsync("S0001")).ShouldBeEmpty();
        (await Database.AuditCountAsync("loan.checked_in")).ShouldBe(1);
    }

    [Test]
    public async Task A_repeat_check_in_answers_not_on_loan_and_changes_nothing()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 3, barcode: "B0000001");
        (await CheckIn("B0000001")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = (await Database.LoansOfItemAsync("B0000001")).Single();

        var again = await CheckIn("B0000001");

        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ReasonsOf(again, "checkin-refused")).ShouldBe([("not_on_loan", "barcode=B0000001,status=available")]);
        var after = (await Database.LoansOfItemAsync("B0000001")).Single();
        after.ReturnedAt.ShouldBe(first.ReturnedAt);
        (await Database.AuditCountAsync("loan.checked_in")).ShouldBe(1);
    }

    [Test]
    public async Task Forty_check_ins_of_one_item_at_once_close_its_loan_once()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 3, barcode: "B0000001");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => CheckIn("B0000001")));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBe(39);
        (await Database.AuditCountAsync("loan.checked_in")).ShouldBe(1);
    }

    [Test]
    public async Task A_check_in_of_an_item_never_lent_or_unknown_is_refused()
    {
        await Database.AddItemAsync("B0000001");

        (await ReasonsOf(await CheckIn("B0000001"), "checkin-refused")).ShouldBe([("not_on_loan", "barcode=B0000001,status=available")]);
        (await ReasonsOf(await CheckIn("NOPE0001"), "checkin-refused")).ShouldBe([("no_such_item", "barcode=NOPE0001")]);
    }

    [Test]
    public async Task A_returned_item_can_be_lent_again()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 3, barcode: "B0000001");
        await Api.AddReadersAsync(Reader("S0002"));
        (await CheckIn("B0000001")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answer = await CheckOut("S0002", "B0000001");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.LoansOfItemAsync("B0000001")).Select(l => (l.CardNumber, l.ReturnedAt is null)).ShouldBe([("S0001", false), ("S0002", true)]);
    }

    private async Task<HttpResponseMessage> CheckOut(string card, string barcode, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/staff/checkouts"))
        {
            Content = JsonContent.Create(new { cardNumber = card, barcode }),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await _desk.SendAsync(request);
    }

    private Task<HttpResponseMessage> CheckIn(string barcode) =>
        _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode, branch = "main" });

    /// <summary>Each reason's code with its parameters as <c>key=value</c>, sorted by key.</summary>
    private static async Task<IReadOnlyList<(string Code, string Parameters)>> ReasonsOf(HttpResponseMessage answer, string type = "checkout-refused")
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe($"/problems/{type}");
        return [.. problem["reasons"]!.AsArray().Select(r => ((string)r!["code"]!,
            string.Join(",", r["parameters"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={(string?)p.Value}"))))];
    }

    private static async Task<IReadOnlyList<string>> CodesOf(HttpResponseMessage answer) => [.. (await ReasonsOf(answer)).Select(r => r.Code)];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
