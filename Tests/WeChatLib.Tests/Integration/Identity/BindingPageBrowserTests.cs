using Microsoft.Playwright;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The binding pages in headless Chromium (Debian's), sized as a phone: 375 CSS pixels wide.</summary>
internal sealed class BindingPageBrowserTests
{
    private const int PhoneWidth = 375;

    [Test]
    public async Task The_binding_pages_fit_a_375_px_phone_and_bind_a_card()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var service = api.ServeOnRealPort();
        await api.AddReadersAsync(Reader("C0001", name: "张三"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 812 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.50",
            Locale = "zh-CN",
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync(new Uri(TestHost.Fakes.BaseUrl, "/_fake/wechat-user?openid=oBrowser0000000000000000001").ToString());

        await page.GotoAsync(new Uri(service, "/bind").ToString());

        new Uri(page.Url).AbsolutePath.ShouldBe("/bind/form");
        await Screenshot(page, "binding-form-375.png");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth);
        var button = (await page.Locator("button[type=submit]").BoundingBoxAsync())!;
        button.X.ShouldBeGreaterThanOrEqualTo(0);
        (button.X + button.Width).ShouldBeLessThanOrEqualTo(PhoneWidth);
        button.Height.ShouldBeGreaterThanOrEqualTo(44, "a thumb needs a 44 px target");
        (await page.Locator("#card").BoundingBoxAsync())!.Width.ShouldBeGreaterThan(PhoneWidth * 0.75f);

        await page.FillAsync("#card", "C0001");
        await page.FillAsync("#pin", Pin);
        await page.ClickAsync("button[type=submit]");

        await page.WaitForSelectorAsync("h1.ok");
        await Screenshot(page, "binding-result-375.png");
        (await page.InnerTextAsync("main")).ShouldContain("绑定成功");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
    }
}
