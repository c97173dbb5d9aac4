using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Loans;

/// <summary>A title's copies as readers may see them: where each is and when a lent one is due, never who has it.</summary>
internal sealed class TitleAvailabilityTests : ServiceTest
{
    [Test]
    public async Task A_title_lists_its_circulating_copies_with_the_due_date_of_the_lent_one_and_not_its_borrower()
    {
        await Api.AddReadersAsync(Reader("C0001", name: "借书的人"));
        await Database.OpenLibraryAsync();
        var loan = await Database.AddLoanAsync("C0001", "活着", Api.Today(), 12, barcode: "C0000001");
        await Database.AddItemAsync("C0000002", copyOf: "C0000001");
        await Database.AddItemAsync("C0000003", copyOf: "C0000001", status: "withdrawn");
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("update titles set isbn = @isbn, author = '余华' where title = '活着'", new { isbn = Library.Isbn13(7) });

        var answer = await Api.CreateClient().GetAsync(Url($"/api/v1/titles/{Library.Isbn10(7)}"));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await answer.Content.ReadAsStringAsync();
        text.ShouldNotContain("借书的人");
        text.ShouldNotContain("C0001\"");
        var title = JsonNode.Parse(text)!.AsObject();
        ((string)title["isbn"]!).ShouldBe(Library.Isbn13(7));
        ((int)title["available"]!).ShouldBe(1);
        var copies = title["copies"]!.AsArray();
        copies.Select(c => ((string)c!["barcode"]!, (string)c["status"]!)).OrderBy(c => c.Item1)
            .ShouldBe([("C0000001", "on_loan"), ("C0000002", "available")]);
        ((string?)copies.Single(c => (string)c!["barcode"]! == "C0000001")!["dueOn"])
            .ShouldBe((await Database.DueOnAsync(loan)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase("9787000000000")]
    [TestCase("not-an-isbn")]
    public async Task An_isbn_the_catalogue_does_not_have_or_not_an_isbn_is_not_found(string isbn)
    {
        var answer = await Api.CreateClient().GetAsync(Url($"/api/v1/titles/{isbn}"));

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
