using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.NewArrivals;

/// <summary>
/// Catalogue search whatever form a title's letters, digits and punctuation take: printed full-width (Ｃ＋＋, （）, ：),
/// typed half-width on a phone, or the other way round, the stored title and the query are read the same way.
/// </summary>
internal sealed class CatalogueSearchFormsTests : ServiceTest
{
    private const string TitlesPath = "/api/v1/staff/titles/import";

    [SetUp]
    public Task Prepare() => Database.OpenLibraryAsync();

    [Test]
    public async Task A_title_printed_with_full_width_letters_and_punctuation_is_found_as_printed_and_as_typed_half_width()
    {
        var today = Api.Today();
        await Database.AddArrivalAsync("Ｃ＋＋程序设计：从入门到精通", "TP312", today.AddDays(-10), author: "明日科技");
        await Database.AddArrivalAsync("三体（典藏版）", "I247.55", today.AddDays(-10), author: "刘慈欣");
        await Database.AddArrivalAsync("三体", "I247.55", today.AddDays(-10), author: "刘慈欣");
        await Database.AddArrivalAsync("算法导论　第３版", "TP301.6", today.AddDays(-10), author: "Ｔｈｏｍａｓ　Ｈ．Ｃｏｒｍｅｎ");

        (await SearchAsync("Ｃ＋＋程序设计：从入门到精通")).ShouldBe(["Ｃ＋＋程序设计：从入门到精通"]);
        (await SearchAsync("C++程序设计:从入门到精通")).ShouldBe(["Ｃ＋＋程序设计：从入门到精通"]);
        (await SearchAsync("c++")).ShouldBe(["Ｃ＋＋程序设计：从入门到精通"]);
        (await SearchAsync("三体（典藏版）")).ShouldBe(["三体（典藏版）"]);
        (await SearchAsync("三体(典藏版)")).ShouldBe(["三体（典藏版）"]);
        (await SearchAsync("(典")).ShouldBe(["三体（典藏版）"], "a two-character word goes to the index of single characters and pairs");
        (await SearchAsync("三体")).ShouldBe(["三体", "三体（典藏版）"]);
        (await SearchAsync("算法导论 第3版")).ShouldBe(["算法导论　第３版"]);
        (await SearchAsync("cormen 算法")).ShouldBe(["算法导论　第３版"]);
        (await SearchAsync("h.cormen")).ShouldBe(["算法导论　第３版"]);
    }

    [Test]
    public async Task A_title_stored_half_width_is_found_by_a_query_typed_full_width()
    {
        var today = Api.Today();
        await Database.AddArrivalAsync("Java核心技术(卷I):基础知识", "TP312", today.AddDays(-10), author: "Cay S. Horstmann");

        (await SearchAsync("Ｊａｖａ核心技术（卷Ｉ）：基础知识")).ShouldBe(["Java核心技术(卷I):基础知识"]);
        (await SearchAsync("ＪＡＶＡ")).ShouldBe(["Java核心技术(卷I):基础知识"]);
        (await SearchAsync("（卷")).ShouldBe(["Java核心技术(卷I):基础知识"]);
        (await SearchAsync("Ｈｏｒｓｔｍａｎｎ　核心")).ShouldBe(["Java核心技术(卷I):基础知识"]);
    }

    [Test]
    public async Task A_title_is_found_as_printed_when_its_capital_letters_lower_differently_in_the_service_and_the_database()
    {
        // .NET's invariant lower case keeps the dotted capital İ; the database's lower() makes it i. The query must
        // be folded by the same code as the stored text for the printed title to find itself.
        await Database.AddArrivalAsync("İstanbul: Hatıralar ve Şehir", "I374.45", Api.Today().AddDays(-10), author: "Orhan Pamuk");

        (await SearchAsync("İstanbul")).ShouldBe(["İstanbul: Hatıralar ve Şehir"]);
        (await SearchAsync("İstanbul: Hatıralar ve Şehir")).ShouldBe(["İstanbul: Hatıralar ve Şehir"]);
    }

    [Test]
    public async Task An_imported_title_and_its_later_update_are_found_by_their_printed_and_typed_forms_and_not_by_the_old_title()
    {
        using var staff = Api.ClientWith((await Api.StaffTokensAsync("cataloguer", StaffRole.Admin)).AccessToken);
        var isbn = Library.Isbn13(7_115_054);
        (await staff.PostCsvAsync(TitlesPath, "isbn,title,author,subjects",
            $"{isbn},Ｐｙｔｈｏｎ编程：从入门到实践,Ｅｒｉｃ　Ｍａｔｔｈｅｓ,程序设计（入门）")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SearchAsync("python编程:从入门到实践")).ShouldBe(["Ｐｙｔｈｏｎ编程：从入门到实践"]);
        (await SearchAsync("eric matthes")).ShouldBe(["Ｐｙｔｈｏｎ编程：从入门到实践"]);
        (await SearchAsync("设计(入门)")).ShouldBe(["Ｐｙｔｈｏｎ编程：从入门到实践"]);

        (await staff.PostCsvAsync(TitlesPath, "isbn,title,author",
            $"{isbn},Ｒｕｓｔ编程：从入门到实践（第２版）,Ｓｔｅｖｅ　Ｋｌａｂｎｉｋ")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SearchAsync("rust编程:从入门到实践(第2版)")).ShouldBe(["Ｒｕｓｔ编程：从入门到实践（第２版）"]);
        (await SearchAsync("Ｒｕｓｔ编程：从入门到实践（第２版）")).ShouldBe(["Ｒｕｓｔ编程：从入门到实践（第２版）"]);
        (await SearchAsync("klabnik")).ShouldBe(["Ｒｕｓｔ编程：从入门到实践（第２版）"]);
        (await SearchAsync("python")).ShouldBeEmpty("the old title is no longer the title's search text");
        (await SearchAsync("matthes")).ShouldBeEmpty();
    }

    private async Task<List<string>> SearchAsync(string q)
    {
        var answer = await Api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/catalogue/search?q=" + Uri.EscapeDataString(q)));
        return [.. answer!["hits"]!.AsArray().Select(h => (string)h!["title"]!)];
    }
}
