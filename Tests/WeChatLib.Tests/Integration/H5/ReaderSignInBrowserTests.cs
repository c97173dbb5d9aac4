using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>How the reader pages sign in: WeChat OAuth in WeChat's browser, the development sign-in elsewhere when on.</summary>
internal sealed class ReaderSignInBrowserTests
{
    private TestDatabase _database = null!;
    private ApiFactory _development = null!;
    private Uri _developmentService = null!;
    private TestDatabase _shippedDatabase = null!;
    private ApiFactory _shipped = null!;
    private Uri _shippedService = null!;
    private PhoneBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _database = await TestDatabase.CreateAsync();
        _development = new ApiFactory(_database.ConnectionString) { Settings = { ["DevelopmentSignIn:Enabled"] = "true" } };
        _developmentService = _development.ServeOnRealPort();
        await _database.OpenLibraryAsync();
        _shippedDatabase = await TestDatabase.CreateAsync();
        _shipped = new ApiFactory(_shippedDatabase.ConnectionString);
        _shippedService = _shipped.ServeOnRealPort();
        await _shippedDatabase.OpenLibraryAsync();
        _browser = await PhoneBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _browser.DisposeAsync();
        await _development.DisposeAsync();
        await _shipped.DisposeAsync();
        await _database.DisposeAsync();
        await _shippedDatabase.DisposeAsync();
    }

    [Test]
    public async Task Outside_WeChat_a_developer_signs_in_as_a_bound_reader_by_card_number()
    {
        await _development.AddReadersAsync(Reader("D0001"), Reader("D0002"));
        await _development.BindWeChatAsync("D0001", "oDevSignIn0000000000000000001");
        await _database.AddLoanAsync("D0001", "算法导论", _development.Today(), daysLeft: 10);
        var page = await _browser.NewPhoneAsync(inWeChat: false);
        await page.GotoAsync(new Uri(_developmentService, "/h5/loans").ToString());

        await page.FillAsync("#dev-card", "D0002");
        await page.ClickAsync("form button[type=submit]");
        await page.Locator("#status:has-text('没有已绑定微信的该借书证')").WaitForAsync();
        await page.FillAsync("#dev-card", "D0001");
        await page.ClickAsync("form button[type=submit]");

        await page.Locator("article.loan:has-text('算法导论')").WaitForAsync();
    }

    [Test]
    public async Task Unless_switched_on_there_is_no_development_sign_in_and_the_page_asks_for_WeChat()
    {
        var page = await _browser.NewPhoneAsync(inWeChat: false);

        await page.GotoAsync(new Uri(_shippedService, "/h5/loans").ToString());

        await page.Locator("text=请在微信中打开本页面").WaitForAsync();
        (await page.Locator("#dev-card").CountAsync()).ShouldBe(0);
        using var client = new HttpClient { BaseAddress = _shippedService };
        (await client.PostAsJsonAsync("/api/v1/auth/development", new { cardNumber = "D0001" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task In_WeChat_an_unbound_reader_binds_with_card_and_PIN_and_lands_on_the_page_they_opened()
    {
        await _shipped.AddReadersAsync(Reader("B0001"));
        await _shippedDatabase.AddLoanAsync("B0001", "编译原理", _shipped.Today(), daysLeft: 12);
        var page = await _browser.NewPhoneAsAsync("oH5Bind00000000000000000001", _shipped.Fakes);

        await page.GotoAsync(new Uri(_shippedService, "/h5/loans").ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/h5/bind");
        await page.FillAsync("#card", "B0001");
        await page.FillAsync("#pin", "000000");
        await page.ClickAsync("form button[type=submit]");
        await page.Locator("#status:has-text('还可尝试')").WaitForAsync();
        await page.FillAsync("#pin", Pin);
        await page.ClickAsync("form button[type=submit]");

        await page.Locator("article.loan:has-text('编译原理')").WaitForAsync();
        new Uri(page.Url).AbsolutePath.ShouldBe("/h5/loans");
        (await _shipped.Services.GetRequiredService<IBindingStore>().FindByOpenIdAsync("oH5Bind00000000000000000001", CancellationToken.None))
            .ShouldNotBeNull().PatronId.ShouldBe((await _shipped.PatronAsync("B0001")).Id);
        (await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
    }

    [Test]
    public async Task In_WeChat_an_unbound_reader_binds_with_the_campus_login_from_the_binding_page()
    {
        await _shipped.AddReadersWithoutPinAsync(Reader("B0101"));
        var page = await _browser.NewPhoneAsAsync("oH5Bind00000000000000000101", _shipped.Fakes);
        await page.GotoAsync(new Uri(_shipped.Fakes.BaseUrl, "/_fake/cas-user?user=B0101").ToString());

        await page.GotoAsync(new Uri(_shippedService, "/h5/preferences").ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/h5/bind");
        await page.ClickAsync("text=使用统一身份认证登录");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/h5/preferences");
        (await _shipped.Services.GetRequiredService<IBindingStore>().FindByOpenIdAsync("oH5Bind00000000000000000101", CancellationToken.None))
            .ShouldNotBeNull().PatronId.ShouldBe((await _shipped.PatronAsync("B0101")).Id);
        new Uri(page.Url).Query.ShouldNotContain("ticket=", Case.Insensitive);
    }

    [Test]
    public async Task The_home_page_links_every_reader_page_and_passes_the_phone_checks()
    {
        var page = await _browser.NewPhoneAsync();

        await page.GotoAsync(new Uri(_shippedService, "/h5").ToString());

        new Uri(page.Url).AbsolutePath.ShouldBe("/h5/");
        await page.Locator("nav.tiles a[href='/h5/loans']").WaitForAsync();
        (await page.Locator("nav.tiles a").CountAsync()).ShouldBeGreaterThanOrEqualTo(8);
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);
        var tile = (await page.Locator("nav.tiles a").First.BoundingBoxAsync())!;
        tile.Height.ShouldBeGreaterThanOrEqualTo(44, "a thumb needs a 44 px target");
    }

    [Test]
    public async Task Pages_and_their_scripts_come_with_a_strict_content_security_policy()
    {
        using var client = new HttpClient { BaseAddress = _shippedService };

        foreach (var path in new[] { "/h5/loans", "/h5/assets/app.js", "/h5/assets/app.css" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            policy.ShouldContain("script-src 'self'");
            policy.ShouldNotContain("unsafe-inline");
            policy.ShouldContain("frame-ancestors 'none'");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        }
        (await client.GetAsync("/h5/no-such-page")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
