using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.WeChat.Protocol;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.NewArrivals;

/// <summary>
/// Subscriptions, new books, hot loans and catalogue search through the webhook and REST, on one service for the
/// fixture. Each test has its own readers and titles (words, classes) that no other test uses.
/// </summary>
internal sealed class NewArrivalsChatAndApiTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private WeChatSender _wechat = null!;
    private DateOnly _today;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString);
        _wechat = new WeChatSender(_api.CreateClient());
        await _database.OpenLibraryAsync();
        await using var connection = _database.Open();
        await connection.ExecuteAsync("insert into branches (code, name, name_en) values ('east', '东区分馆', 'East Branch')");
        _today = _api.Today();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_reader_subscribes_to_a_class_and_a_keyword_in_the_chat_lists_them_and_unsubscribes()
    {
        const string openId = "oSubscribeChat00000000000001";
        await _api.AddReadersAsync(Reader("S0001"));
        await _api.BindWeChatAsync("S0001", openId);

        var tp = await SendAsync(openId, "订阅 tp");
        var keyword = await SendAsync(openId, "订阅 关键词 机器学习");
        var again = await SendAsync(openId, "订阅 TP");
        var listed = await SendAsync(openId, "我的订阅");
        var removed = await SendAsync(openId, "退订 TP");
        var gone = await SendAsync(openId, "退订 TP");
        var unbound = await SendAsync("oSubscribeChatNobody0000001", "订阅 K");

        tp.ShouldStartWith("已订阅“TP 自动化技术、计算机技术”。");
        keyword.ShouldStartWith("已订阅关键词“机器学习”。");
        again.ShouldBe("您已订阅“TP 自动化技术、计算机技术”。");
        listed.ShouldContain("您订阅了 2 项：\n· “TP 自动化技术、计算机技术”\n· 关键词“机器学习”");
        removed.ShouldBe("已退订“TP 自动化技术、计算机技术”。");
        gone.ShouldStartWith("您没有订阅“TP 自动化技术、计算机技术”");
        unbound.ShouldContain("请先绑定借书证");
        await using var connection = _database.Open();
        (await connection.QueryAsync<string>("""
            select s.kind || ':' || s.value from new_arrival_subscriptions s join patrons p on p.id = s.patron_id where p.card_number = 'S0001'
            """)).ShouldBe(["keyword:机器学习"]);
    }

    [Test]
    public async Task A_reader_manages_subscriptions_over_rest_with_classes_checked_against_the_clc()
    {
        await _api.AddReadersAsync(Reader("S0002"));
        var client = _api.ClientWith((await _api.ReaderTokensAsync("S0002", "oSubscribeRest00000000000002")).AccessToken);

        var added = await client.PostAsJsonAsync(Url("/api/v1/me/subscriptions"), new { kind = "class", value = "k" });
        var again = await client.PostAsJsonAsync(Url("/api/v1/me/subscriptions"), new { kind = "class", value = "K" });
        var keyword = await client.PostAsJsonAsync(Url("/api/v1/me/subscriptions"), new { kind = "keyword", value = "敦煌" });
        var notAClass = await client.PostAsJsonAsync(Url("/api/v1/me/subscriptions"), new { kind = "class", value = "W" });
        var listed = await client.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/subscriptions"));
        var removed = await client.DeleteAsync(Url("/api/v1/me/subscriptions?kind=keyword&value=%E6%95%A6%E7%85%8C"));
        var removedAgain = await client.DeleteAsync(Url("/api/v1/me/subscriptions?kind=keyword&value=%E6%95%A6%E7%85%8C"));
        var anonymous = await _api.CreateClient().GetAsync(Url("/api/v1/me/subscriptions"));

        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        ((string?)(await added.Content.ReadFromJsonAsync<JsonObject>())!["name"]).ShouldBe("历史、地理");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        keyword.StatusCode.ShouldBe(HttpStatusCode.Created);
        notAClass.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        listed!["subscriptions"]!.AsArray().Select(s => $"{s!["kind"]}:{s["value"]}").ShouldBe(["class:K", "keyword:敦煌"]);
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        removedAgain.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task New_books_answers_news_of_the_latest_arrivals_with_the_reader_s_subscriptions_first()
    {
        const string openId = "oNewBooks0000000000000000003";
        await _api.AddReadersAsync(Reader("S0003"));
        await _api.BindWeChatAsync("S0003", openId);
        await _database.SubscribeAsync("S0003", "class", "J");
        await _database.AddArrivalAsync("中国绘画史", "J209.2", _today.AddDays(-20), author: "陈师曾");
        for (var i = 0; i < 9; i++)
            await _database.AddArrivalAsync($"新到图书{i}", "O1", _today.AddDays(-i));

        var clicked = WeChatXml.Parse(await ReplyAsync(WeChatSender.Event(openId, "CLICK", "NEW_BOOKS")))!;
        var typed = WeChatXml.Parse(await ReplyAsync(WeChatSender.Text(openId, "新书")))!;
        var stranger = WeChatXml.Parse(await ReplyAsync(WeChatSender.Event("oNewBooksStranger00000000003", "CLICK", "NEW_BOOKS")))!;

        clicked["MsgType"].ShouldBe("news");
        clicked["ArticleCount"].ShouldBe("8");
        var first = await ArticlesAsync(WeChatSender.Event(openId, "CLICK", "NEW_BOOKS"));
        first[0].ShouldStartWith("《中国绘画史》 陈师曾|艺术 · ");
        first[0].ShouldContain("符合您的订阅|https://lib.example.edu.cn/h5/new-books?title=");
        first[1].ShouldStartWith("《新到图书0》");
        typed["ArticleCount"].ShouldBe("1");
        typed["Articles/item/Title"].ShouldBe("新书通报：最近到馆 8 种");
        typed["Articles/item/Description"].ShouldStartWith("《中国绘画史》 ★\n《新到图书0》");
        typed["Articles/item/Url"].ShouldBe("https://lib.example.edu.cn/h5/new-books");
        stranger["ArticleCount"].ShouldBe("8");
        stranger["Articles/item/Title"].ShouldNotContain("中国绘画史");
    }

    [Test]
    public async Task Hot_loans_rank_the_last_thirty_days_overall_and_by_class_and_hold_N_names_a_title_of_the_list()
    {
        const string openId = "oHotLoans0000000000000000004";
        await _api.AddReadersAsync(Reader("S0004"));
        await _api.BindWeChatAsync("S0004", openId);
        var dam = await _database.AddArrivalAsync("水工建筑物", "TV6", _today.AddDays(-300));
        var river = await _database.AddArrivalAsync("河流动力学", "TV14", _today.AddDays(-300));
        var house = await _database.AddArrivalAsync("建筑构造", "TU22", _today.AddDays(-300));
        var old = await _database.AddArrivalAsync("水力学", "TV13", _today.AddDays(-300));
        await _database.AddPastLoansAsync(dam, 5, _today);
        await _database.AddPastLoansAsync(river, 3, _today, daysAgo: 29);
        await _database.AddPastLoansAsync(house, 4, _today);
        await _database.AddPastLoansAsync(old, 10, _today, daysAgo: 30);
        var before = await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/hot-loans?clc=TV"));

        await _api.Services.GetRequiredService<ListHotLoans>().RefreshAsync(CancellationToken.None);

        before!["titles"]!.AsArray().Count.ShouldBe(0, "the list is the cache's, not a count at request time");
        (await HotAsync("TV")).ShouldBe(["水工建筑物:5", "河流动力学:3"]);
        (await HotAsync("T")).ShouldBe(["水工建筑物:5", "建筑构造:4", "河流动力学:3"]);
        (await HotAsync(null)).ShouldContain("水工建筑物:5");
        (await _api.CreateClient().GetAsync(Url("/api/v1/hot-loans?clc=W"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var chat = await SendAsync(openId, "热门 TV");
        chat.ShouldContain("1. 《水工建筑物》（5 次）");
        chat.ShouldContain("2. 《河流动力学》（3 次）");
        (await SendAsync(openId, "预约 1")).ShouldContain("此书在架可借");
    }

    [Test]
    public async Task Search_ranks_the_whole_title_then_its_start_then_the_rest_for_chinese_words_of_one_to_three_characters()
    {
        await _database.AddArrivalAsync("光风霁月录", "I266", _today.AddDays(-100));
        await _database.AddArrivalAsync("霁月光风", "I247", _today.AddDays(-100));
        await _database.AddArrivalAsync("霁月", "I226", _today.AddDays(-100), author: "沈从文");
        await _database.AddArrivalAsync("边城", "I246", _today.AddDays(-100), author: "霁月山人");

        (await SearchAsync("霁月")).ShouldBe(["霁月", "霁月光风", "光风霁月录", "边城"]);
        (await SearchAsync("霁")).ShouldBe(["霁月", "霁月光风", "光风霁月录", "边城"]);
        (await SearchAsync("霁月光")).ShouldBe(["霁月光风"]);
        (await SearchAsync("霁月 录")).ShouldBe(["光风霁月录"]);
        (await SearchAsync("沈从文 霁")).ShouldBe(["霁月"]);
        (await SearchAsync("霁月%")).ShouldBeEmpty();
    }

    [Test]
    public async Task An_exact_title_ranks_first_and_titles_starting_with_the_word_fill_the_page_among_tens_of_thousands_of_matches()
    {
        // Twenty thousand titles hold the character, a thousand of them at their start; the whole title comes last in
        // the table, past any bounded first few.
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("""
                insert into titles (title, author, clc_class)
                select case when g <= 1000 then '澜' || g || '号文集' else '波' || g || '澜集' end, '', 'I' from generate_series(1, 20000) g;
                insert into titles (title, author, clc_class) values ('澜', '', 'I');
                analyze titles;
                """);

        var hits = (await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/catalogue/search?q=" + Uri.EscapeDataString("澜") + "&limit=50")))!
            ["hits"]!.AsArray().Select(h => (string)h!["title"]!).ToList();

        hits.Count.ShouldBe(50);
        hits[0].ShouldBe("澜");
        hits.ShouldAllBe(h => h.StartsWith('澜'));
    }

    [Test]
    public async Task Search_finds_by_isbn_author_and_subject_with_copies_per_branch_and_the_chat_keeps_its_numbers()
    {
        const string openId = "oSearch000000000000000000006";
        await _api.AddReadersAsync(Reader("S0006"));
        await _api.BindWeChatAsync("S0006", openId);
        var isbn = Library.Isbn13(7_020_008);
        var title = await _database.AddArrivalAsync("呼兰河传", "I246.5", _today.AddDays(-100), author: "萧红", subjects: ["东北乡土"], copies: 2, isbn: isbn);
        await _database.AddCopyAsync(title, _today.AddDays(-50), branch: "east");
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("update items set status = 'on_loan' where id = (select min(id) from items where title_id = @title)", new { title });

        var byIsbn = (await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url($"/api/v1/catalogue/search?q={isbn[..3]}-{isbn[3..]}")))!["hits"]!.AsArray();
        var bySubject = await SearchAsync("乡土");
        var byAuthor = await SearchAsync("萧红");
        var chat = await SendAsync(openId, "检索 呼兰");
        var empty = await _api.CreateClient().GetAsync(Url("/api/v1/catalogue/search?q=%20"));

        var hit = byIsbn.ShouldHaveSingleItem()!;
        ((string?)hit["title"]).ShouldBe("呼兰河传");
        ((int)hit["copies"]!, (int)hit["available"]!).ShouldBe((3, 2));
        hit["branches"]!.AsArray().Select(b => $"{b!["branch"]}:{b["copies"]}/{b["available"]}").ShouldBe(["east:1/1", "main:2/1"]);
        bySubject.ShouldBe(["呼兰河传"]);
        byAuthor.ShouldBe(["呼兰河传"]);
        chat.ShouldContain("1. 《呼兰河传》 萧红\n在架 2/3 册");
        (await SendAsync(openId, "预约 1")).ShouldContain("此书在架可借");
        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task The_new_arrivals_list_gives_each_title_s_copies_on_the_shelf_branch_by_branch()
    {
        var title = await _database.AddArrivalAsync("额尔古纳河右岸", "I247.5", _today.AddDays(-3), author: "迟子建", copies: 2);
        await _database.AddCopyAsync(title, _today.AddDays(-2), branch: "east", status: "on_loan");
        await _database.AddCopyAsync(title, _today.AddDays(-2), status: "lost");
        var allOut = await _database.AddArrivalAsync("群山之巅", "I247.5", _today.AddDays(-4), status: "on_loan");

        var titles = (await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/new-arrivals?limit=50")))!["titles"]!.AsArray();

        var arrival = titles.Single(t => (long)t!["titleId"]! == title)!;
        ((int)arrival["copies"]!, (int)arrival["available"]!).ShouldBe((3, 2), "a lost copy does not count");
        arrival["branches"]!.AsArray().Select(b => $"{b!["branch"]}:{b["copies"]}/{b["available"]}").ShouldBe(["east:1/0", "main:2/2"]);
        var held = titles.Single(t => (long)t!["titleId"]! == allOut)!;
        ((int)held["copies"]!, (int)held["available"]!).ShouldBe((1, 0));
    }

    [Test]
    public async Task The_item_import_sets_accession_dates_keeps_them_when_the_column_is_absent_and_dates_new_items_today()
    {
        var staff = _api.ClientWith((await _api.StaffTokensAsync("cataloguer", StaffRole.Admin)).AccessToken);
        var isbn = Library.Isbn13(7_020_009);
        (await staff.PostCsvAsync("/api/v1/staff/titles/import", "isbn,title,clc_class", $"{isbn},城南旧事,I246.5")).EnsureSuccessStatusCode();
        var dated = _today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var first = await staff.PostCsvAsync("/api/v1/staff/items/import", "barcode,isbn,branch,item_type,accessioned_on",
            $"ACC-0001,{isbn},main,book,{dated}", $"ACC-0002,{isbn},main,book,");
        var again = await staff.PostCsvAsync("/api/v1/staff/items/import", "barcode,isbn,branch,item_type,location",
            $"ACC-0001,{isbn},main,book,三楼");
        var future = await staff.PostCsvAsync("/api/v1/staff/items/import", "barcode,isbn,branch,item_type,accessioned_on",
            $"ACC-0003,{isbn},main,book,{_today.AddDays(1):yyyy-MM-dd}");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        future.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using var connection = _database.Open();
        (await connection.QueryAsync<(string, DateOnly)>("select barcode, accessioned_on from items where barcode like 'ACC-%' order by barcode"))
            .ShouldBe([("ACC-0001", _today.AddDays(-3)), ("ACC-0002", _today)]);
    }

    private async Task<List<string>> HotAsync(string? clc)
    {
        var answer = await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/hot-loans" + (clc is null ? "?limit=50" : $"?clc={clc}")));
        return [.. answer!["titles"]!.AsArray().Select(t => $"{t!["title"]}:{t["loans"]}")];
    }

    private async Task<List<string>> SearchAsync(string q)
    {
        var answer = await _api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/catalogue/search?q=" + Uri.EscapeDataString(q)));
        return [.. answer!["hits"]!.AsArray().Select(h => (string)h!["title"]!)];
    }

    private async Task<List<string>> ArticlesAsync(string xml)
    {
        var reply = await ReplyAsync(xml);
        var document = System.Xml.Linq.XDocument.Parse(reply);
        return [.. document.Descendants("item").Select(i => $"{i.Element("Title")!.Value}|{i.Element("Description")!.Value}|{i.Element("Url")!.Value}")];
    }

    private async Task<string> ReplyAsync(string xml)
    {
        var (status, reply) = await _wechat.SafeAsync(xml);
        status.ShouldBe(200);
        return reply;
    }

    private async Task<string> SendAsync(string openId, string text) => WeChatSender.ContentOf(await ReplyAsync(WeChatSender.Text(openId, text)));
}
