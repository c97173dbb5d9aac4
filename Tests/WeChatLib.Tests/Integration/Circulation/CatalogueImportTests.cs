using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;
using static WeChatLib.Tests.Support.Library;

namespace WeChatLib.Tests.Integration.Circulation;

internal sealed class CatalogueImportTests : ServiceTest
{
    private const string TitlesPath = "/api/v1/staff/titles/import";
    private const string ItemsPath = "/api/v1/staff/items/import";
    private const string TitleHeader = "isbn,title,author,publisher,year,clc_class,subjects,language";
    private const string ItemHeader = "barcode,isbn,branch,item_type,location,call_number,status";

    private HttpClient _staff = null!;

    [SetUp]
    public async Task Prepare()
    {
        _staff = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await Database.OpenLibraryAsync();
    }

    [TearDown]
    public void CleanUp() => _staff.Dispose();

    [Test]
    public async Task A_csv_file_creates_titles_kept_by_isbn_13_and_a_json_file_with_the_isbn_10_updates_the_same_title()
    {
        var csv = await _staff.PostCsvAsync(TitlesPath, TitleHeader,
            $"{Isbn13(702002480)},红楼梦,曹雪芹,人民文学出版社,1996,I242.4,\"古典小说; 章回小说\",chi",
            $"978-7-302-03467-4,\"C++ Primer, 中文版\",Lippman,清华大学出版社,2013,tp312,程序设计,chi");
        var json = await _staff.PostAsJsonAsync(Url(TitlesPath), new[]
        {
            new { isbn = "7-02-002480-7", title = "红楼梦（校注本）", subjects = (object)new[] { "古典小说", "清代" } },
        });

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((int?)(await csv.Content.ReadFromJsonAsync<JsonObject>())!["created"]).ShouldBe(2);
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)report["created"]).ShouldBe(0);
        ((int?)report["updated"]).ShouldBe(1);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from titles")).ShouldBe(2);
        var dream = await connection.QuerySingleAsync<(string Title, string Author, int? Year, string ClcClass, string[] Subjects)>(
            "select title, author, year, clc_class, subjects from titles where isbn = '9787020024803'");
        (dream.Title, dream.Author, dream.Year, dream.ClcClass).ShouldBe(("红楼梦（校注本）", "曹雪芹", (int?)1996, "I242.4"));
        dream.Subjects.ShouldBe(["古典小说", "清代"]);
        (await connection.ExecuteScalarAsync<string>("select clc_class from titles where isbn = '9787302034674'")).ShouldBe("TP312");
        (await connection.ExecuteScalarAsync<string>("select details::text from audit_log where action = 'title.import' order by id limit 1"))!
            .ShouldContain("\"created\": \"2\"");
    }

    [Test]
    public async Task Subjects_in_json_may_be_one_semicolon_separated_string()
    {
        var answer = await _staff.PostAsJsonAsync(Url(TitlesPath), new[] { new { isbn = Isbn13(1), title = "数据库系统概念", subjects = "数据库; 计算机科学" } });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<string[]>("select subjects from titles")).ShouldBe(["数据库", "计算机科学"]);
    }

    [Test]
    public async Task A_title_import_changes_only_the_columns_present_and_an_empty_cell_clears_its_column()
    {
        await _staff.PostCsvAsync(TitlesPath, TitleHeader,
            $"{Isbn13(1)},原书名,张三,科学出版社,2001,O13,高等数学,chi",
            $"{Isbn13(2)},原书名二,李四,高等教育出版社,2002,O21,概率论,eng");

        var csv = await _staff.PostCsvAsync(TitlesPath, "isbn,title,publisher,year", $"{Isbn13(1)},新书名,,");
        var json = await _staff.PostAsJsonAsync(Url(TitlesPath), new[]
        {
            new { isbn = Isbn13(2), title = "新书名二", author = (string?)null, subjects = (object?)null, language = "" },
        });

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = Database.Open();
        var titles = (await connection.QueryAsync<(string Title, string Author, string Publisher, int? Year, string ClcClass, string[] Subjects, string Language)>(
            "select title, author, publisher, year, clc_class, subjects, language from titles order by isbn")).ToList();
        (titles[0].Title, titles[0].Author, titles[0].Publisher, titles[0].Year, titles[0].ClcClass, titles[0].Language)
            .ShouldBe(("新书名", "张三", "", (int?)null, "O13", "chi"));
        titles[0].Subjects.ShouldBe(["高等数学"]);
        (titles[1].Title, titles[1].Author, titles[1].Publisher, titles[1].Year, titles[1].ClcClass, titles[1].Language)
            .ShouldBe(("新书名二", "", "高等教育出版社", (int?)2002, "O21", "eng"));
        titles[1].Subjects.ShouldBeEmpty();
    }

    [Test]
    public async Task An_item_import_changes_only_the_columns_present_and_an_empty_cell_clears_its_column()
    {
        await ImportTitlesAsync(1, 2);
        (await _staff.PostCsvAsync(ItemsPath, ItemHeader,
            $"C0000001,{Isbn13(1)},main,book,三楼社科区,I247.5/12,",
            $"C0000002,{Isbn13(1)},main,book,三楼社科区,I247.5/13,lost")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var csv = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,location", $"C0000001,{Isbn10(2)},main,reference,");
        var json = await _staff.PostAsJsonAsync(Url(ItemsPath), new[]
        {
            new { barcode = "C0000002", isbn = Isbn13(1), branch = "main", item_type = "book", call_number = "I247.5/99", status = "available" },
        });

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = Database.Open();
        var items = (await connection.QueryAsync<(string Isbn, string ItemType, string Location, string CallNumber, string Status)>("""
            select t.isbn, i.item_type, i.location, i.call_number, i.status from items i join titles t on t.id = i.title_id order by i.barcode
            """)).ToList();
        items[0].ShouldBe((Isbn13(2), "reference", "", "I247.5/12", "available"));
        items[1].ShouldBe((Isbn13(1), "book", "三楼社科区", "I247.5/99", "available"));
    }

    [Test]
    public async Task A_file_with_a_bad_row_changes_nothing_and_reports_every_problem_by_line()
    {
        await ImportTitlesAsync(1);
        var titles = await _staff.PostCsvAsync(TitlesPath, TitleHeader,
            $"{Isbn13(3)},好书,,,2020,I247.5,,chi",
            "9787020024804,坏的校验位,,,,,,",
            $"{Isbn13(4)},,,,999,L123,,chinese",
            $"{Isbn10(3)},重复,,,,,,");
        var items = await _staff.PostCsvAsync(ItemsPath, ItemHeader,
            $"C0000001,{Isbn13(1)},main,book,,,",
            $"C0000002,{Isbn13(9)},atlantis,scroll,,,",
            $"C0000003,{Isbn13(1)},main,book,,,shelved",
            $"c0000001,{Isbn13(1)},main,book,,,",
            $"X,{Isbn13(1)},main,book,,,");

        var titleProblems = await RejectedAsync(titles);
        titleProblems.Select(r => (r.Line, r.Field)).ShouldBe([(2, "isbn"), (3, "title"), (3, "year"), (3, "clc_class"), (3, "language"), (4, "isbn")], ignoreOrder: true);
        (await RejectedAsync(items)).Select(r => (r.Line, r.Field)).ShouldBe([(3, "status"), (4, "barcode"), (5, "barcode")], ignoreOrder: true);
        // Rows that pass their own checks meet the catalogue's: a title, branch and item type it must have.
        var unknown = await _staff.PostCsvAsync(ItemsPath, ItemHeader, $"C0000001,{Isbn13(1)},main,book,,,", $"C0000002,{Isbn13(9)},atlantis,scroll,,,");
        (await RejectedAsync(unknown)).Select(r => (r.Line, r.Field)).ShouldBe([(2, "isbn"), (2, "branch"), (2, "item_type")], ignoreOrder: true);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from titles")).ShouldBe(1);
        (await connection.ExecuteScalarAsync<int>("select count(*) from items")).ShouldBe(0);
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'item.import'")).ShouldBe(0);
    }

    [Test]
    public async Task An_item_on_loan_keeps_its_status_until_it_is_checked_in()
    {
        await Api.AddReadersAsync(Reader("R0001"));
        await Database.AddLoanAsync("R0001", "借出的书", Api.Today(), 10, barcode: "L0000001");
        await using var connection = Database.Open();
        var isbn = Isbn13(5);
        await connection.ExecuteAsync("update titles set isbn = @isbn", new { isbn });

        var available = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,status", $"L0000001,{isbn},main,book,available");
        var withdrawn = await _staff.PostAsJsonAsync(Url(ItemsPath), new[] { new { barcode = "L0000001", isbn, branch = "main", item_type = "book", status = "withdrawn" } });
        var onLoanElsewhere = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,status", $"N0000001,{isbn},main,book,on_loan");
        var moved = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,location,status", $"L0000001,{isbn},main,book,二楼,on_loan");

        var reasons = new List<string>();
        foreach (var refused in new[] { available, withdrawn, onLoanElsewhere })
        {
            var rejected = (await RejectedAsync(refused)).ShouldHaveSingleItem();
            (rejected.Line, rejected.Field).ShouldBe((1, "status"));
            reasons.Add(rejected.Reason);
        }
        reasons[0].ShouldContain("on loan");
        reasons[1].ShouldContain("on loan");
        reasons[2].ShouldContain("checkout");
        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await connection.QuerySingleAsync<(string Status, string Location)>("select status, location from items where barcode = 'L0000001'"))
            .ShouldBe(("on_loan", "二楼"));
        (await connection.ExecuteScalarAsync<int>("select count(*) from items where barcode = 'N0000001'")).ShouldBe(0);
    }

    [Test]
    public async Task A_copy_waiting_on_the_hold_shelf_or_in_transit_keeps_its_status_and_no_import_routes_one()
    {
        await Database.AddItemAsync("S0000001");
        await Database.AddReadyHoldAsync("S0000001", "H0001");
        await Database.AddItemAsync("T0000001", status: "in_transit");
        await using var connection = Database.Open();
        var isbn = Isbn13(6);
        await connection.ExecuteAsync("update titles set isbn = @isbn where id = (select title_id from items where barcode = 'S0000001')", new { isbn });
        var other = Isbn13(7);
        await connection.ExecuteAsync("update titles set isbn = @other where id = (select title_id from items where barcode = 'T0000001')", new { other });

        var shelfLost = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,status", $"S0000001,{isbn},main,book,lost");
        var transitAvailable = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,status", $"T0000001,{other},main,book,available");
        var newInTransit = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,status", $"N0000002,{isbn},main,book,in_transit");
        var sameStatus = await _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type,location,status", $"S0000001,{isbn},main,book,预约架,on_hold_shelf");

        foreach (var refused in new[] { shelfLost, transitAvailable, newInTransit })
            (await RejectedAsync(refused)).ShouldHaveSingleItem().Field.ShouldBe("status");
        sameStatus.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await connection.QuerySingleAsync<(string Status, string Location)>("select status, location from items where barcode = 'S0000001'"))
            .ShouldBe(("on_hold_shelf", "预约架"));
        (await connection.ExecuteScalarAsync<string>("select status from items where barcode = 'T0000001'")).ShouldBe("in_transit");
        (await connection.ExecuteScalarAsync<string>("select status from holds")).ShouldBe("ready");
    }

    [Test]
    public async Task Forty_concurrent_imports_of_overlapping_files_all_succeed_without_duplicates()
    {
        // Each file covers 30 titles (and then 30 items) overlapping its neighbours', in a different order.
        var titleFiles = Enumerable.Range(0, 40).Select(f => Enumerable.Range(f * 10, 30).OrderBy(n => (n * 7 + f) % 30).ToList()).ToList();
        var titleAnswers = await Task.WhenAll(titleFiles.Select(numbers =>
            _staff.PostCsvAsync(TitlesPath, "isbn,title", numbers.Select(n => $"{Isbn13(n)},书{n}"))));
        var itemAnswers = await Task.WhenAll(titleFiles.Select(numbers =>
            _staff.PostCsvAsync(ItemsPath, "barcode,isbn,branch,item_type", numbers.Select(n => $"C{n:D7},{Isbn13(n)},main,book"))));

        titleAnswers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        itemAnswers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        await using var connection = Database.Open();
        var distinct = titleFiles.SelectMany(f => f).Distinct().Count();
        (await connection.ExecuteScalarAsync<int>("select count(*) from titles")).ShouldBe(distinct);
        (await connection.ExecuteScalarAsync<int>("select count(*) from items")).ShouldBe(distinct);
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action in ('title.import', 'item.import')")).ShouldBe(80);
        var created = 0;
        foreach (var answer in titleAnswers)
            created += (int)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["created"]!;
        created.ShouldBe(distinct);
    }

    [Test]
    public async Task Five_thousand_items_are_imported_in_one_request()
    {
        await ImportTitlesAsync([.. Enumerable.Range(1, 500)]);

        var answer = await _staff.PostCsvAsync(ItemsPath, ItemHeader,
            Enumerable.Range(1, 5000).Select(n => $"B{n:D7},{Isbn13(n % 500 + 1)},main,book,书库,I247.5/{n},"));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((int?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["created"]).ShouldBe(5000);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from items where status = 'available'")).ShouldBe(5000);
    }

    private async Task ImportTitlesAsync(params int[] numbers) =>
        (await _staff.PostCsvAsync(TitlesPath, "isbn,title", numbers.Select(n => $"{Isbn13(n)},书{n}"))).StatusCode.ShouldBe(HttpStatusCode.OK);

    /// <summary>The rows of a refused import's report (the answer must be that refusal).</summary>
    private static async Task<List<(int Line, string Field, string Reason)>> RejectedAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/import-rejected");
        ((bool?)problem["report"]!["applied"]).ShouldBe(false);
        return [.. problem["report"]!["rejected"]!.AsArray().Select(r => ((int)r!["line"]!, (string)r["field"]!, (string)r["reason"]!))];
    }
}
