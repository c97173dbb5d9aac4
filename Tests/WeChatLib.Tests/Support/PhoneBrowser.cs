using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using WeChatLib.Fakes;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's) with pages shaped like a phone in WeChat: 375 CSS pixels wide, touch, a WeChat user agent.
/// </summary>
internal sealed class PhoneBrowser : IAsyncDisposable
{
    public const int PhoneWidth = 375;

    // How long a step may wait for the page: generous, since a busy machine (a build beside the suite) can slow a
    // sign-in with its hashing and redirects several times over; a failing step still fails, only later.
    private const int WaitLimitMilliseconds = 30_000;
    private const string WeChatUserAgent =
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.50";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PhoneBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<PhoneBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new PhoneBrowser(playwright, browser);
    }

    /// <summary>A fresh phone (cookies and storage of its own), in WeChat's browser unless <paramref name="inWeChat"/> is false.</summary>
    public async Task<IPage> NewPhoneAsync(string locale = "zh-CN", bool inWeChat = true, int width = PhoneWidth)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 812 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = inWeChat ? WeChatUserAgent : null,
            Locale = locale,
        });
        context.SetDefaultTimeout(WaitLimitMilliseconds);
        return Watched(await context.NewPageAsync());
    }

    /// <summary>
    /// A phone whose (fake) WeChat client is the reader with this openid: the pages sign in through WeChat OAuth as them.
    /// </summary>
    public async Task<IPage> NewPhoneAsAsync(string openId, FakeServer? fakes = null)
    {
        var page = await NewPhoneAsync();
        await page.GotoAsync(new Uri((fakes ?? TestHost.Fakes).BaseUrl, $"/_fake/wechat-user?openid={openId}").ToString());
        return page;
    }

    /// <summary>What every reader page must be: under 150 KB on first load, no serious axe violation, no wider than the phone.</summary>
    public static async Task ShouldPassThePhoneChecksAsync(IPage page)
    {
        (await TransferredBytesAsync(page)).ShouldBeLessThan(150 * 1024);
        (await SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
        (await ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(PhoneWidth);
    }

    /// <summary>A desktop-sized page (for the staff console and the simulator's side-by-side phones).</summary>
    public async Task<IPage> NewDesktopAsync(int width = 1280, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(WaitLimitMilliseconds);
        return Watched(await context.NewPageAsync());
    }

    /// <summary>The page's script errors, failed requests and console errors go to the test's output, to see why a wait timed out.</summary>
    private static IPage Watched(IPage page)
    {
        var output = TestContext.Out;
        page.PageError += (_, error) => output.WriteLine($"page error at {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                output.WriteLine($"console {message.Type} at {page.Url}: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                output.WriteLine($"{response.Status} {response.Request.Method} {response.Url}");
        };
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact (and into WECHATLIB_SCREENSHOTS, when set, to refresh docs/screenshots).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        if (Environment.GetEnvironmentVariable("WECHATLIB_SCREENSHOTS") is { Length: > 0 } folder)
            File.Copy(path, Path.Combine(folder, name), overwrite: true);
    }

    /// <summary>Bytes the page transferred so far (the document and every resource and API call), as the browser counted them.</summary>
    public static Task<long> TransferredBytesAsync(IPage page) =>
        page.EvaluateAsync<long>("""
            () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .reduce((sum, entry) => sum + entry.transferSize, 0)
            """);

    /// <summary>The page's serious and critical accessibility violations, by axe-core, each as "rule: nodes".</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }

    /// <summary>Whether the page fits the phone: nothing wider than the screen.</summary>
    public static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("document.documentElement.scrollWidth");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
