using System.Globalization;
using Microsoft.Playwright;

// Time to first content of each reader page in headless Chromium shaped as a phone in WeChat, against the floor measured
// in the same sitting: the first contentful paint of the service's bare liveness answer (/health/live).
//   WeChatLib.H5Timing SERVICE_URL FAKES_URL OPENID [RUNS] [--slow]
// For each page, RUNS times each: "first open" in a fresh browser context (cold cache, no session: the WeChat sign-in
// round trip included, as when a reader taps a menu button) and "in session" (the next page opened in the same tab,
// token held, files revalidated). --slow throttles the CPU 4× and the network to 1.6 Mbit/s, 150 ms (a weak phone).
// Content is "there" when the page replaced its loading placeholder; first paint is the browser's first-contentful-paint.
var service = new Uri(args[0]);
var fakes = new Uri(args[1]);
var openId = args[2];
var runs = args.Length > 3 && int.TryParse(args[3], CultureInfo.InvariantCulture, out var r) ? r : 5;
var slow = args.Contains("--slow");
string[] pages = ["/h5/", "/h5/loans", "/h5/holds", "/h5/seats", "/h5/rooms", "/h5/new-books", "/h5/search", "/h5/announcements", "/h5/preferences", "/h5/hours"];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async Task<IPage> PhoneAsync()
{
    var context = await browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        UserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.50",
        Locale = "zh-CN",
    });
    var page = await context.NewPageAsync();
    if (slow)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 4 });
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new()
        {
            ["offline"] = false, ["latency"] = 150, ["downloadThroughput"] = 1_600_000 / 8, ["uploadThroughput"] = 750_000 / 8,
        });
    }
    // The fake WeChat client is this reader, so the pages' WeChat sign-in names them.
    await page.GotoAsync(new Uri(fakes, $"/_fake/wechat-user?openid={openId}").ToString());
    return page;
}

// Milliseconds to the first contentful paint of the page that shows the content (after any sign-in redirects, from its
// own navigation) and, by the wall clock from the tap, to the content replacing "加载中…".
async Task<(double Paint, double Content)> OpenAsync(IPage page, string path)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    await page.GotoAsync(new Uri(service, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
    await page.WaitForFunctionAsync("() => document.readyState !== 'loading' && !document.querySelector('#content > .empty[data-en=\"Loading…\"]')",
        null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 });
    var content = clock.Elapsed.TotalMilliseconds;
    var paint = await page.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
    return (paint, content);
}

double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

// Warm-up: the service's JIT and pools, the browser's.
{
    var warm = await PhoneAsync();
    foreach (var path in pages) await OpenAsync(warm, path);
    await warm.Context.CloseAsync();
}

var floor = new List<double>();
for (var i = 0; i < runs; i++)
{
    var page = await PhoneAsync();
    await page.GotoAsync(new Uri(service, "/health/live").ToString());
    floor.Add(await page.EvaluateAsync<double>("() => new Promise(done => new PerformanceObserver((list, observer) => { observer.disconnect(); done(list.getEntries()[0].startTime); }).observe({ type: 'paint', buffered: true }))"));
    await page.Context.CloseAsync();
}
var floorMs = Median(floor);

Console.WriteLine(slow ? "weak phone: CPU 4x slower, 1.6 Mbit/s, 150 ms" : "phone on the machine's own CPU and loopback");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor (first paint of /health/live): {floorMs:F0} ms, median of {runs}"));
Console.WriteLine($"{"page",-20} {"first paint",12} {"first open",12} {"ratio",7} {"in session",12} {"ratio",7}");
foreach (var path in pages)
{
    List<double> paints = [], firsts = [], nexts = [];
    for (var i = 0; i < runs; i++)
    {
        var page = await PhoneAsync();
        var first = await OpenAsync(page, path);
        // The reader is signed in now: the same page again in the same tab is a page opened within the session.
        await OpenAsync(page, "/h5/");
        var next = await OpenAsync(page, path);
        paints.Add(first.Paint);
        firsts.Add(first.Content);
        nexts.Add(next.Content);
        await page.Context.CloseAsync();
    }
    var (p, f, n) = (Median(paints), Median(firsts), Median(nexts));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-20} {p,9:F0} ms {f,9:F0} ms {f / floorMs,6:F1}x {n,9:F0} ms {n / floorMs,6:F1}x"));
}
