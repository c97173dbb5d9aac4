using Microsoft.Playwright;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>The loans page in a phone's WeChat browser, signed in through WeChat OAuth as a reader is.</summary>
internal sealed class LoansPageBrowserTests
{
    private const string OpenId = "oLoansPage000000000000000001";
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private Uri _service = null!;
    private PhoneBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString);
        _service = _api.ServeOnRealPort();
        await _database.OpenLibraryAsync();
        _browser = await PhoneBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _browser.DisposeAsync();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_reader_renews_from_the_loans_page_and_sees_why_another_loan_cannot_be_renewed()
    {
        await _api.AddReadersAsync(Reader("L0001", name: "陈晓"));
        await _api.BindWeChatAsync("L0001", OpenId);
        var today = _api.Today();
        var renewable = await _database.AddLoanAsync("L0001", "深入理解计算机系统", today, daysLeft: 2, author: "Randal E. Bryant");
        var held = await _database.AddLoanAsync("L0001", "挪威的森林", today, daysLeft: 5);
        await _database.AddHoldOnLoanAsync(held, "L0002");
        var page = await _browser.NewPhoneAsAsync(OpenId);

        await page.GotoAsync(new Uri(_service, "/h5/loans").ToString());

        var heldCard = page.Locator($"[data-loan-id='{held}']");
        await heldCard.Locator("li[data-code=on_hold]").WaitForAsync();
        (await heldCard.Locator(".renew").CountAsync()).ShouldBe(0, "a loan someone waits for offers no renew button");
        (await heldCard.InnerTextAsync()).ShouldContain("预约");
        new Uri(page.Url).Query.ShouldNotContain("code=", Case.Insensitive, "the one-time code leaves the address once used");
        await PhoneBrowser.ScreenshotAsync(page, "loans-375.png");

        await page.Locator($"[data-loan-id='{renewable}'] .renew").ClickAsync();

        await page.Locator("#status:has-text('已续借')").WaitForAsync();
        (await _database.DueOnAsync(renewable)).ShouldBe(today.AddDays(30), "a renewal runs the policy's 30 days from today");
        (await _database.RenewalRecordsAsync(renewable)).ShouldBe(1);
        (await _database.RenewalRecordsAsync(held)).ShouldBe(0);
        (await PhoneBrowser.ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(PhoneBrowser.PhoneWidth);
    }

    [Test]
    public async Task The_loans_page_weighs_under_150_KB_and_has_no_serious_accessibility_problem()
    {
        await _api.AddReadersAsync(Reader("L0101"));
        await _api.BindWeChatAsync("L0101", "oLoansPage000000000000000101");
        var today = _api.Today();
        await _database.AddLoanAsync("L0101", "红楼梦", today, daysLeft: -3);
        await _database.AddLoanAsync("L0101", "三体", today, daysLeft: 20);
        var page = await _browser.NewPhoneAsAsync("oLoansPage000000000000000101");

        await page.GotoAsync(new Uri(_service, "/h5/loans").ToString());
        await page.Locator("article.loan").Nth(1).WaitForAsync();

        (await PhoneBrowser.TransferredBytesAsync(page)).ShouldBeLessThan(150 * 1024);
        (await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
        (await page.Locator("article.loan").First.InnerTextAsync()).ShouldContain("逾期 3 天");
    }

    [Test]
    public async Task In_English_the_page_and_the_refusal_reasons_are_in_English()
    {
        await _api.AddReadersAsync(Reader("L0201"));
        await _api.BindWeChatAsync("L0201", "oLoansPage000000000000000201");
        var held = await _database.AddLoanAsync("L0201", "Pride and Prejudice", _api.Today(), daysLeft: 5);
        await _database.AddHoldOnLoanAsync(held, "L0202");
        var page = await _browser.NewPhoneAsAsync("oLoansPage000000000000000201");
        await page.GotoAsync(new Uri(_service, "/h5/loans").ToString());
        await page.Locator("article.loan").WaitForAsync();

        await page.ClickAsync("#lang");

        await page.Locator("h1:has-text('My loans')").WaitForAsync();
        await page.Locator("li[data-code=on_hold]").WaitForAsync();
        (await page.Locator("li[data-code=on_hold]").InnerTextAsync()).ShouldNotMatch(@"\p{IsCJKUnifiedIdeographs}");
        (await page.GetAttributeAsync("html", "lang")).ShouldBe("en");
    }

    [Test]
    public async Task A_renewal_whose_answer_was_lost_is_the_same_renewal_when_tapped_again()
    {
        await _api.AddReadersAsync(Reader("L0301"));
        await _api.BindWeChatAsync("L0301", "oLoansPage000000000000000301");
        var loan = await _database.AddLoanAsync("L0301", "数据库系统概念", _api.Today(), daysLeft: 3);
        var page = await _browser.NewPhoneAsAsync("oLoansPage000000000000000301");
        await page.GotoAsync(new Uri(_service, "/h5/loans").ToString());
        var renew = page.Locator($"[data-loan-id='{loan}'] .renew");
        await renew.WaitForAsync();
        // The first renewal reaches the service and is made, but its answer never reaches the phone.
        var lost = 0;
        await page.RouteAsync("**/renewal", async route =>
        {
            if (Interlocked.Increment(ref lost) > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });

        await renew.ClickAsync();
        await page.Locator("#status:has-text('网络不通')").WaitForAsync();
        await renew.ClickAsync();

        await page.Locator("#status:has-text('已续借')").WaitForAsync();
        (await _database.RenewalRecordsAsync(loan)).ShouldBe(1, "the second tap repeats the first renewal, it does not ask for another");
    }

}
