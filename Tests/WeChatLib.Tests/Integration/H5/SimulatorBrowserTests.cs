using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using WeChatLib.Domain.Staff;
using WeChatLib.Fakes;
using WeChatLib.Fakes.Simulator;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>
/// The fake WeChat's simulator in headless Chromium, aimed at the service on a real port: the menu the service
/// published, a tap that goes to the service signed (and sealed in safe mode), the passive reply as a bubble, and a
/// template message the service pushed showing up on its reader's phone only.
/// </summary>
internal sealed class SimulatorBrowserTests
{
    private const string ReaderOpenId = "oSimulator00000000000000001";
    private const string OtherReader = "oSimulator00000000000000002";
    private const string Title = "模拟器里的三体";

    private FakeServer _fakes = null!;
    private TestDatabase _database = null!;
    private ApiFactory _safe = null!;
    private ApiFactory _plain = null!;
    private Uri _safeCallback = null!;
    private Uri _plainCallback = null!;
    private PhoneBrowser _browser = null!;
    private HttpClient _admin = null!;

    // One library behind two instances, one in safe mode and one in plain mode, as two deployments of the account would be.
    [OneTimeSetUp]
    public async Task StartTheServiceAndTheSimulator()
    {
        _fakes = await TestHost.StartOwnFakesAsync();
        _database = await TestDatabase.CreateAsync();
        _safe = new ApiFactory(_database.ConnectionString, _fakes);
        _safeCallback = new Uri(_safe.ServeOnRealPort(), "/wechat/callback");
        _plain = new ApiFactory(_database.ConnectionString, _fakes);
        _plain.Settings["WeChat:MessageMode"] = "plain";
        _plainCallback = new Uri(_plain.ServeOnRealPort(), "/wechat/callback");
        _fakes.Simulator.Target = new SimulatorTarget(_safeCallback, _safe.Settings["WeChat:Token"]!, _safe.Settings["WeChat:EncodingAesKey"]!, SimulatorMode.Safe);
        await _database.OpenLibraryAsync();
        await _safe.AddReadersAsync(Reader("S0001", name: "孙模拟"));
        await _safe.BindWeChatAsync("S0001", ReaderOpenId);
        await _database.AddLoanAsync("S0001", Title, _safe.Today(), daysLeft: 3);
        _admin = _safe.ClientWith((await _safe.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);
        _browser = await PhoneBrowser.LaunchAsync();
        // As a load balancer would, send the phones' messages only to instances that answer ready: the plain one's first
        // message must not also pay for its connections on a busy machine, past the simulator's five seconds.
        using var probe = new HttpClient();
        foreach (var instance in new[] { _safeCallback, _plainCallback })
            (await probe.GetAsync(new Uri(instance, "/health/ready"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public async Task StopThem()
    {
        _admin?.Dispose();
        if (_browser is not null)
            await _browser.DisposeAsync();
        if (_plain is not null)
            await _plain.DisposeAsync();
        if (_safe is not null)
            await _safe.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        if (_fakes is not null)
            await _fakes.DisposeAsync();
    }

    [Test]
    public async Task A_reader_taps_my_loans_in_safe_and_plain_mode_and_the_due_date_push_arrives_on_their_phone_only()
    {
        _fakes.WeChat.Reset();
        var page = await _browser.NewPhoneAsync();
        await page.GotoAsync(new Uri(_fakes.BaseUrl, $"/simulator?readers={ReaderOpenId},{OtherReader}").ToString());
        var phone = page.Locator(".phone").Nth(0);
        var other = page.Locator(".phone").Nth(1);

        // Until the service publishes its menu (on this fresh account), the phone says how; then the menu appears without a reload.
        (await phone.Locator(".no-menu").InnerTextAsync()).ShouldContain("publish-menu");
        (await _admin.PostAsync(Url("/api/v1/staff/menu/publish"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await TapAsync(phone, "借阅", "我的借阅");
        var replies = phone.Locator(".msg.account", new() { HasText = Title });
        await replies.First.WaitForAsync();
        (await replies.First.InnerTextAsync()).ShouldContain(Title);

        // Plain mode: the safe instance refuses a plaintext post, the plain one answers it.
        await page.GetByLabel("明文").CheckAsync();
        await TapAsync(phone, "借阅", "我的借阅");
        (await phone.Locator(".msg.error").Last.InnerTextAsync()).ShouldContain("HTTP 401");
        await page.FillAsync("#callback", _plainCallback.ToString());
        await TapAsync(phone, "借阅", "我的借阅");
        var errors = phone.Locator(".msg.error");
        await Eventually.HoldsAsync(async () => await replies.CountAsync() == 2 || await errors.CountAsync() > 1, "the plain instance answers");
        (await replies.CountAsync()).ShouldBe(2, await phone.Locator(".chat").InnerTextAsync());
        (await errors.CountAsync()).ShouldBe(1);

        // The day's due-date scan queues a courtesy reminder: the template card shows on this reader's phone alone.
        var date = _safe.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await _admin.PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { date })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var card = phone.Locator(".msg.template", new() { HasText = Title });
        await card.WaitForAsync(new() { Timeout = 20_000 });
        (await card.Locator("a.more").GetAttributeAsync("href")).ShouldStartWith($"/simulator/open?openid={ReaderOpenId}&url=");
        (await other.Locator(".msg.template").CountAsync()).ShouldBe(0);

        (await PhoneBrowser.ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(PhoneBrowser.PhoneWidth);
        await PhoneBrowser.ScreenshotAsync(page, "simulator-375.png");
        (await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
    }

    [Test]
    public async Task Phones_sit_side_by_side_on_a_wide_screen_one_more_is_added_and_the_menu_works_from_the_keyboard()
    {
        (await _admin.PostAsync(Url("/api/v1/staff/menu/publish"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await _browser.NewDesktopAsync();
        await page.GotoAsync(new Uri(_fakes.BaseUrl, "/simulator").ToString());
        var phones = page.Locator(".phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加读者" }).ClickAsync();

        (await phones.CountAsync()).ShouldBe(3);
        var first = (await phones.Nth(0).BoundingBoxAsync())!;
        var second = (await phones.Nth(1).BoundingBoxAsync())!;
        second.Y.ShouldBe(first.Y);
        second.X.ShouldBeGreaterThanOrEqualTo(first.X + first.Width);
        (await phones.Nth(0).Locator(".openid").InputValueAsync()).ShouldBe(FakeWeChatSimulator.DemoReaders[0].OpenId);
        (await phones.Nth(2).Locator(".openid").InputValueAsync()).ShouldBe(FakeWeChatSimulator.DemoReaders[2].OpenId);

        var opener = phones.Nth(0).GetByRole(AriaRole.Button, new() { Name = "空间", Exact = true });
        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        (await opener.GetAttributeAsync("aria-expanded")).ShouldBe("true");
        (await page.EvaluateAsync<string>("document.activeElement.textContent")).ShouldBe("预约座位");
        await page.Keyboard.PressAsync("Escape");
        (await opener.GetAttributeAsync("aria-expanded")).ShouldBe("false");
        (await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
    }

    private static async Task TapAsync(ILocator phone, string top, string item)
    {
        await phone.GetByRole(AriaRole.Button, new() { Name = top, Exact = true }).ClickAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = item, Exact = true }).ClickAsync();
    }
}
