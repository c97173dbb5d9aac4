using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Holds;

/// <summary>The H5 pages' holds: place, list and cancel one's own, every refusal with its reason, and the queue under parallel requests.</summary>
internal sealed class MyHoldsApiTests : ServiceTest
{
    private HttpClient reader = null!;
    private DateOnly today;

    [SetUp]
    public async Task Prepare()
    {
        await Api.AddReadersAsync(Reader("C0001", name: "张三"), Reader("C0002", name: "李四"),
            Reader("C0003", PatronStatus.Restricted, "有超期未还图书"));
        await Database.OpenLibraryAsync();
        reader = Api.ClientWith((await Api.ReaderTokensAsync("C0001", "oHoldsReader000000000000001")).AccessToken);
        today = Api.Today();
    }

    [TearDown]
    public void DisposeClient() => reader.Dispose();

    [Test]
    public async Task A_hold_is_placed_with_its_place_in_the_queue_listed_and_cancelled_and_the_queue_moves_up()
    {
        var title = await Database.AddTitleAllOutAsync("三体", today, isbn: Library.Isbn13(1), author: "刘慈欣");
        using var other = Api.ClientWith((await Api.ReaderTokensAsync("C0002", "oHoldsReader000000000000002")).AccessToken);

        var placed = await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title, notNeededAfter = Iso(today.AddDays(60)) });
        var second = await other.PostAsJsonAsync(Url("/api/v1/me/holds"), new { isbn = Library.Isbn10(1) });

        placed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var hold = (await placed.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int)hold["position"]!).ShouldBe(1);
        ((string)hold["pickupBranch"]!["code"]!).ShouldBe("main");
        ((bool)hold["recalledACopy"]!).ShouldBeTrue();
        var id = (long)hold["id"]!;
        placed.Headers.Location!.ToString().ShouldBe($"/api/v1/me/holds/{id}");
        (await reader.GetAsync(placed.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        ((int)(await second.Content.ReadFromJsonAsync<JsonObject>())!["position"]!).ShouldBe(2);

        var mine = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]!.AsArray();
        mine.Count.ShouldBe(1);
        ((string)mine[0]!["title"]!).ShouldBe("三体");
        ((string)mine[0]!["author"]!).ShouldBe("刘慈欣");
        ((string)mine[0]!["status"]!).ShouldBe("waiting");
        ((int)mine[0]!["position"]!).ShouldBe(1);
        ((string)mine[0]!["pickupBranch"]!["name"]!).ShouldBe("图书馆总馆");
        ((string)mine[0]!["notNeededAfter"]!).ShouldBe(Iso(today.AddDays(60)));

        (await reader.DeleteAsync(Url($"/api/v1/me/holds/{id}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await reader.DeleteAsync(Url($"/api/v1/me/holds/{id}"));

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var conflict = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)conflict["type"]!).ShouldBe("/problems/conflict");
        ((string)conflict["holdStatus"]!).ShouldBe("cancelled");
        var ended = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]![0]!;
        ((string)ended["status"]!).ShouldBe("cancelled");
        ((string)ended["endReason"]!).ShouldBe("cancelled_by_reader");
        ended["position"].ShouldBeNull();
        var theirs = (await other.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]![0]!;
        ((int)theirs["position"]!).ShouldBe(1, "the next reader moves up when the first cancels");
    }

    [Test]
    public async Task Each_refusal_is_a_hold_refused_problem_naming_its_reason_in_the_reader_s_words()
    {
        await Database.AddItemAsync("A0000001", "在架的书");
        var onShelf = await Database.TitleIdAsync("A0000001");
        await Database.AddLoanAsync("C0001", "我借的书", today, 10, barcode: "L0000001");
        var mineOnLoan = await Database.TitleIdAsync("L0000001");
        var held = await Database.AddTitleAllOutAsync("已预约的书", today);
        (await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = held })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var restricted = Api.ClientWith((await Api.ReaderTokensAsync("C0003", "oHoldsReader000000000000003")).AccessToken);
        using var busy = Api.ClientWith((await Api.ReaderTokensAsync("C0002", "oHoldsReader000000000000002")).AccessToken);
        for (var i = 0; i < 5; i++)
        {
            var title = await Database.AddTitleAllOutAsync($"书{i}", today);
            (await busy.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var sixth = await Database.AddTitleAllOutAsync("第六本", today);
        await RefusedAsync(reader, new { titleId = onShelf }, "copy_available", "此书在架可借（图书馆总馆），请直接到馆借阅");
        await RefusedAsync(reader, new { titleId = mineOnLoan }, "already_on_loan", "您已借有此书，不需要预约");
        await RefusedAsync(reader, new { titleId = held }, "already_held", "您已预约此书");
        var tooMany = await RefusedAsync(busy, new { titleId = sixth }, "too_many_holds", "您已有5个预约，达到上限5个");
        ((string)tooMany["parameters"]!["max"]!).ShouldBe("5");
        await RefusedAsync(restricted, new { titleId = sixth }, "patron_restricted", "借书证已被限制使用：有超期未还图书");
        await RefusedAsync(reader, new { titleId = 987654321L }, "no_such_title", "没有找到这本书");
        await RefusedAsync(reader, new { isbn = Library.Isbn13(424242) }, "no_such_title", "没有找到这本书");
        (await Database.OpenHoldCountAsync("C0002")).ShouldBe(5);
        (await Database.OpenHoldCountAsync("C0003")).ShouldBe(0);
    }

    [Test]
    public async Task A_repeat_with_the_same_idempotency_key_gets_the_first_answer_and_places_no_second_hold()
    {
        var title = await Database.AddTitleAllOutAsync("三体", today);

        var first = await PostWithKeyAsync(new { titleId = title }, "hold-a-1");
        var repeat = await PostWithKeyAsync(new { titleId = title }, "hold-a-1");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        repeat.StatusCode.ShouldBe(HttpStatusCode.Created);
        repeat.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await repeat.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await Database.OpenHoldCountAsync("C0001")).ShouldBe(1);
    }

    [Test]
    public async Task A_request_must_name_the_title_by_exactly_one_of_id_and_isbn_and_a_date_must_be_a_date()
    {
        var title = await Database.AddTitleAllOutAsync("三体", today, isbn: Library.Isbn13(1));

        var both = await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title, isbn = Library.Isbn13(1) });
        var neither = await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { pickupBranch = "main" });
        var badIsbn = await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { isbn = "9787000000000" });
        var badDate = await reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title, notNeededAfter = "next week" });

        foreach (var answer in new[] { both, neither, badIsbn, badDate })
            (await answer.ProblemTypeAsync()).ShouldBe("/problems/validation");
        (await Database.OpenHoldCountAsync("C0001")).ShouldBe(0);
    }

    [Test]
    public async Task Thirty_readers_holding_the_last_copy_at_once_form_one_queue_numbered_1_to_30_and_recall_it_once()
    {
        var title = await Database.AddTitleAllOutAsync("百年孤独", today);
        var cards = Enumerable.Range(1, 30).Select(i => $"Q{i:D4}").ToArray();
        await Api.AddReadersAsync([.. cards.Select(c => Reader(c))]);
        var clients = new List<HttpClient>();
        foreach (var card in cards)
            clients.Add(Api.ClientWith((await Api.ReaderTokensAsync(card, $"oQueue{card}000000000000000")).AccessToken));

        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        var placed = await Task.WhenAll(answers.Select(async a => (int)(await a.Content.ReadFromJsonAsync<JsonObject>())!["position"]!));
        placed.Order().ShouldBe(Enumerable.Range(1, 30));
        var listed = await Task.WhenAll(clients.Select(async c =>
            (int)(await c.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]![0]!["position"]!));
        listed.ShouldBe(placed, "each reader's list shows the place they were given");
        (await Database.NoticeCountAsync("recall:")).ShouldBe(1);
        (await Database.AuditCountAsync("loan.recalled")).ShouldBe(1);
        clients.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task Forty_readers_holding_a_title_with_three_copies_out_at_once_recall_each_loan_once_and_no_more()
    {
        var title = await Database.AddTitleAllOutAsync("活着", today, copies: 3);
        var cards = Enumerable.Range(1, 40).Select(i => $"R{i:D4}").ToArray();
        await Api.AddReadersAsync([.. cards.Select(c => Reader(c))]);
        var clients = new List<HttpClient>();
        foreach (var card in cards)
            clients.Add(Api.ClientWith((await Api.ReaderTokensAsync(card, $"oRecall{card}00000000000000")).AccessToken));

        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        (await Database.NoticeCountAsync("recall:")).ShouldBe(3, "three copies out, three recalled: one notice each");
        (await Database.RecalledLoansOfTitleAsync(title)).ShouldBe(3);
        (await Database.AuditCountAsync("loan.recalled")).ShouldBe(3);
        clients.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task Forty_parallel_holds_by_one_reader_on_forty_titles_stop_at_the_open_holds_limit()
    {
        var titles = new List<long>();
        for (var i = 0; i < 40; i++)
            titles.Add(await Database.AddTitleAllOutAsync($"书{i}", today));

        var answers = await Task.WhenAll(titles.Select(t => reader.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = t })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(5, "undergraduates may have 5 open holds");
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            (await refused.ProblemTypeAsync()).ShouldBe("/problems/hold-refused");
        }
        (await Database.OpenHoldCountAsync("C0001")).ShouldBe(5);
        (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]!.AsArray().Count.ShouldBe(5);
    }

    [Test]
    public async Task A_reader_can_neither_see_nor_cancel_another_reader_s_hold()
    {
        var title = await Database.AddTitleAllOutAsync("活着", today);
        using var other = Api.ClientWith((await Api.ReaderTokensAsync("C0002", "oHoldsReader000000000000002")).AccessToken);
        var theirs = (long)(await (await other.PostAsJsonAsync(Url("/api/v1/me/holds"), new { titleId = title }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var seen = await reader.GetAsync(Url($"/api/v1/me/holds/{theirs}"));
        var cancelled = await reader.DeleteAsync(Url($"/api/v1/me/holds/{theirs}"));
        var none = await reader.DeleteAsync(Url($"/api/v1/me/holds/{theirs + 1000}"));

        seen.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await cancelled.ProblemTypeAsync()).ShouldBe("/problems/not-found");
        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await cancelled.Content.ReadAsStringAsync()).ShouldNotContain("活着");
        (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/holds")))!["holds"]!.AsArray().ShouldBeEmpty();
        (await Database.OpenHoldCountAsync("C0002")).ShouldBe(1);
    }

    private static async Task<JsonObject> RefusedAsync(HttpClient client, object body, string code, string message)
    {
        var answer = await client.PostAsJsonAsync(Url("/api/v1/me/holds"), body);
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)problem["type"]!).ShouldBe("/problems/hold-refused");
        var reason = problem["reasons"]!.AsArray().Single(r => (string)r!["code"]! == code)!.AsObject();
        ((string)reason["message"]!).ShouldBe(message);
        return reason;
    }

    private async Task<HttpResponseMessage> PostWithKeyAsync(object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/me/holds")) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await reader.SendAsync(request);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
