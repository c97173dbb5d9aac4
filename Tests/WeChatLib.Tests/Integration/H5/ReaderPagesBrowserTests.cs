using Dapper;
using Microsoft.Playwright;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>
/// The reader pages beyond loans in a phone's WeChat browser: holds, search, new arrivals, announcements, preferences and
/// opening hours, each doing what matters on it, light, accessible and no wider than the phone.
/// </summary>
internal sealed class ReaderPagesBrowserTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private Uri _service = null!;
    private PhoneBrowser _browser = null!;
    private DateOnly _today;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString);
        _service = _api.ServeOnRealPort();
        await _database.OpenLibraryAsync();
        _browser = await PhoneBrowser.LaunchAsync();
        _today = _api.Today();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _browser.DisposeAsync();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_reader_cancels_a_hold_from_the_holds_page_after_confirming_and_it_is_cancelled()
    {
        await _api.AddReadersAsync(Reader("P0101", name: "王芳"), Reader("P0102"));
        await _api.BindWeChatAsync("P0101", "oReaderPages00000000000101");
        await _database.AddItemAsync("HB000001", "活着");
        var ready = await _database.AddReadyHoldAsync("HB000001", "P0101");
        await _database.AddLoanAsync("P0102", "许三观卖血记", _today, daysLeft: 10, barcode: "HB000002");
        var waiting = await _database.AddHoldAsync("P0101", "HB000002");
        var page = await _browser.NewPhoneAsAsync("oReaderPages00000000000101");

        await page.GotoAsync(new Uri(_service, "/h5/holds").ToString());

        var readyCard = page.Locator($"[data-hold-id='{ready}']");
        await readyCard.Locator(".pickup").WaitForAsync();
        (await readyCard.Locator(".pickup").InnerTextAsync()).ShouldContain("图书馆总馆");
        (await readyCard.Locator(".pickup").InnerTextAsync()).ShouldContain("前取书");
        (await page.Locator($"[data-hold-id='{waiting}'] .status").InnerTextAsync()).ShouldContain("第 1 位");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "holds-375.png");

        await page.Locator($"[data-hold-id='{waiting}'] .cancel").ClickAsync();
        await page.Locator($"[data-hold-id='{waiting}'] .confirm").WaitForAsync();
        (await _database.HoldAsync(waiting)).Status.ShouldBe("waiting", "the first tap only asks");
        await page.Locator($"[data-hold-id='{waiting}'] .confirm button.danger").ClickAsync();

        await page.Locator("#status:has-text('已取消')").WaitForAsync();
        var cancelled = await _database.HoldAsync(waiting);
        cancelled.Status.ShouldBe("cancelled");
        cancelled.EndReason.ShouldBe("cancelled_by_reader");
        (await _database.HoldAsync(ready)).Status.ShouldBe("ready");
        await page.Locator($"[data-hold-id='{waiting}'] .status:has-text('您已取消')").WaitForAsync();
    }

    [Test]
    public async Task A_reader_finds_a_title_by_search_sees_its_copies_per_branch_and_places_a_hold()
    {
        await _api.AddReadersAsync(Reader("P0201"));
        await _api.BindWeChatAsync("P0201", "oReaderPages00000000000201");
        var allOut = await _database.AddTitleAllOutAsync("霍乱时期的爱情", _today, copies: 2, author: "加西亚·马尔克斯");
        await _database.AddItemAsync("SB000001", "霍乱时期的爱情（插图本）");
        var page = await _browser.NewPhoneAsAsync("oReaderPages00000000000201");
        await page.GotoAsync(new Uri(_service, "/h5/search").ToString());

        await page.GetByLabel("书名、作者或 ISBN").FillAsync("霍乱时期");
        await page.GetByRole(AriaRole.Button, new() { Name = "检索", Exact = true }).ClickAsync();

        var hit = page.Locator($"article.title[data-title-id='{allOut}']");
        await hit.WaitForAsync();
        (await hit.InnerTextAsync()).ShouldContain("全部借出");
        (await hit.Locator("li[data-branch=main]").InnerTextAsync()).ShouldContain("在架 0 / 共 2 本");
        (await page.Locator("article.title:has-text('插图本') .place-hold").CountAsync()).ShouldBe(0, "a title on the shelf is borrowed, not held");
        new Uri(page.Url).Query.ShouldContain("q=", Case.Sensitive, "the search stays in the address");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "search-375.png");

        await hit.Locator(".place-hold").ClickAsync();

        await hit.Locator(".notice.placed").WaitForAsync();
        (await hit.Locator(".notice.placed").InnerTextAsync()).ShouldContain("排第 1 位");
        (await _database.OpenHoldCountAsync("P0201")).ShouldBe(1);
    }

    [Test]
    public async Task New_arrivals_show_by_week_with_their_copies_and_a_hold_only_where_every_copy_is_out()
    {
        await _api.AddReadersAsync(Reader("P0301"));
        await _api.BindWeChatAsync("P0301", "oReaderPages00000000000301");
        var onShelf = await _database.AddArrivalAsync("机器学习实战新编", "TP181", _today.AddDays(-1), isbn: Library.Isbn13(301), copies: 2);
        var allOut = await _database.AddArrivalAsync("长安的荔枝新版", "I247.5", _today.AddDays(-2), status: "on_loan");
        var page = await _browser.NewPhoneAsAsync("oReaderPages00000000000301");

        await page.GotoAsync(new Uri(_service, $"/h5/new-books?title={allOut}").ToString());

        var shelved = page.Locator($"article.arrival[data-title-id='{onShelf}']");
        await shelved.Locator(".copies").WaitForAsync();
        (await shelved.InnerTextAsync()).ShouldContain("在架 2 本");
        (await shelved.InnerTextAsync()).ShouldContain("TP181");
        var wanted = page.Locator($"article.arrival[data-title-id='{allOut}']");
        await wanted.Locator(".place-hold").WaitForAsync();
        (await wanted.GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("wanted", customMessage: "a link from the chat opens at its title");
        (await shelved.Locator(".place-hold").CountAsync()).ShouldBe(0);
        (await page.Locator("section h2").First.InnerTextAsync()).ShouldNotBeEmpty();
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "new-books-375.png");
    }

    [Test]
    public async Task Announcements_that_went_out_show_newest_first_without_signing_in_and_a_link_opens_one()
    {
        await _api.AddReadersAsync(Reader("P0401"));
        await _api.BindWeChatAsync("P0401", "oReaderPages00000000000401");
        using var staff = _api.ClientWith((await _api.StaffTokensAsync("pages-announcer", StaffRole.Announcer)).AccessToken);
        var older = (await staff.DraftAnnouncementAsync("cards", ["P0401"], title: "寒假开放时间调整"))["id"]!.GetValue<long>();
        await staff.SendAnnouncementAsync(older);
        var newer = (await staff.DraftAnnouncementAsync("cards", ["P0401"], title: "新增电子资源试用"))["id"]!.GetValue<long>();
        await staff.SendAnnouncementAsync(newer);
        await staff.DraftAnnouncementAsync("cards", ["P0401"], title: "还没发出的草稿");
        var page = await _browser.NewPhoneAsync();

        await page.GotoAsync(new Uri(_service, $"/h5/announcements?id={older}").ToString());

        await page.Locator($"[data-announcement-id='{older}']").WaitForAsync();
        new Uri(page.Url).AbsolutePath.ShouldBe("/h5/announcements", "a public page does not send the reader to sign in");
        var titles = (await page.Locator("article.announcement h2").AllInnerTextsAsync()).ToList();
        titles.ShouldContain("寒假开放时间调整");
        titles.IndexOf("新增电子资源试用").ShouldBeLessThan(titles.IndexOf("寒假开放时间调整"), "newest first");
        titles.ShouldNotContain("还没发出的草稿");
        (await page.Locator($"[data-announcement-id='{older}']").GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("wanted");
        (await page.Locator($"[data-announcement-id='{older}'] a").GetAttributeAsync("href")).ShouldBe("https://lib.example.edu.cn/news/1");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "announcements-375.png");
    }

    [Test]
    public async Task A_reader_switches_off_due_reminders_and_the_choice_is_saved_while_required_notices_stay_on()
    {
        await _api.AddReadersAsync(Reader("P0501", name: "刘洋"));
        await _api.BindWeChatAsync("P0501", "oReaderPages00000000000501");
        var page = await _browser.NewPhoneAsAsync("oReaderPages00000000000501");

        await page.GotoAsync(new Uri(_service, "/h5/preferences").ToString());

        var dueReminders = page.GetByLabel("到期提醒");
        await dueReminders.WaitForAsync();
        (await dueReminders.IsCheckedAsync()).ShouldBeTrue();
        (await page.GetByLabel("逾期通知").IsDisabledAsync()).ShouldBeTrue("overdue notices cannot be switched off");
        (await page.Locator("[data-standing]").InnerTextAsync()).ShouldBe("正常");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "preferences-375.png");

        await dueReminders.UncheckAsync();

        await page.Locator("#status:has-text('已关闭：到期提醒')").WaitForAsync();
        (await OptedOutAsync("P0501")).ShouldBe(["due-reminder"]);
        await page.ReloadAsync();
        await page.GetByLabel("到期提醒").WaitForAsync();
        (await page.GetByLabel("到期提醒").IsCheckedAsync()).ShouldBeFalse("the choice is the service's, not the page's");
    }

    [Test]
    public async Task A_reader_unbinds_after_confirming_and_the_page_signs_out()
    {
        await _api.AddReadersAsync(Reader("P0601"));
        await _api.BindWeChatAsync("P0601", "oReaderPages00000000000601");
        var page = await _browser.NewPhoneAsAsync("oReaderPages00000000000601");
        await page.GotoAsync(new Uri(_service, "/h5/preferences").ToString());

        await page.Locator(".unbind").ClickAsync();
        (await BoundOpenIdAsync("P0601")).ShouldNotBeNull("the first tap only asks");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定解除" }).ClickAsync();

        await page.Locator(".unbound").WaitForAsync();
        (await BoundOpenIdAsync("P0601")).ShouldBeNull();
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('wl-tokens')")).ShouldBeNull();
    }

    [Test]
    public async Task The_hours_page_shows_each_branch_s_hours_and_a_coming_closure_without_signing_in()
    {
        await _database.CloseBranchOnAsync(Library.MainBranch, _today.AddDays(3), "校庆闭馆");
        var page = await _browser.NewPhoneAsync();

        await page.GotoAsync(new Uri(_service, "/h5/hours").ToString());

        var main = page.Locator("article.branch[data-branch=main]");
        await main.WaitForAsync();
        new Uri(page.Url).AbsolutePath.ShouldBe("/h5/hours");
        (await main.Locator("h2").InnerTextAsync()).ShouldContain("图书馆总馆");
        (await main.Locator("table.hours tr").CountAsync()).ShouldBe(7);
        (await main.Locator("table.hours").InnerTextAsync()).ShouldContain("07:00–23:00");
        (await main.Locator(".special").InnerTextAsync()).ShouldContain("校庆闭馆");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        await PhoneBrowser.ScreenshotAsync(page, "hours-375.png");
    }


    private async Task<List<string>> OptedOutAsync(string card)
    {
        await using var connection = _database.Open();
        return [.. await connection.QueryAsync<string>(
            "select o.kind from notification_opt_outs o join patrons p on p.id = o.patron_id where p.card_number = @card order by o.kind", new { card })];
    }

    private async Task<string?> BoundOpenIdAsync(string card)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<string?>(
            "select b.openid from wechat_bindings b join patrons p on p.id = b.patron_id where p.card_number = @card", new { card });
    }
}
