using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>
/// The study-room page in a phone's WeChat browser, signed in through WeChat OAuth, on a service whose clock stands at
/// nine in the morning, library time. Each test has its own room and readers.
/// </summary>
internal sealed class RoomsPageBrowserTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private Uri _service = null!;
    private PhoneBrowser _browser = null!;
    private DateTimeOffset _nine;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);
        _nine = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        var clock = new FakeTimeProvider(_nine.ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        // The schedule (lapse, no-show) would race the bookings the tests arrange; it is tested on its own.
        _api.Settings["Jobs:Enabled"] = "false";
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
    public async Task A_companion_opens_the_invitation_link_and_confirms_it_and_the_booking_holds()
    {
        await _database.AddRoomAsync("R401", minGroup: 2);
        await ReadersAsync("Q0001", "Q0002");
        var booking = await _database.AddRoomBookingAsync("Q0001", "R401", _nine.AddHours(5), _nine.AddHours(6), "pending", _nine.AddHours(4),
            ("Q0002", "invited"));
        var page = await _browser.NewPhoneAsAsync(OpenId("Q0002"));

        await page.GotoAsync(new Uri(_service, $"/h5/rooms?booking={booking}").ToString());

        var card = page.Locator($"#focus [data-booking-id='{booking}']");
        await card.WaitForAsync();
        (await page.Locator("#focus h2").InnerTextAsync()).ShouldBe("邀请您参加", "the booking the notice links to comes first, as an invitation");
        (await card.InnerTextAsync()).ShouldContain("今天 14:00–15:00");
        (await card.InnerTextAsync()).ShouldContain("需在 13:00 前确认");
        await PhoneBrowser.ScreenshotAsync(page, "rooms-375.png");

        await card.Locator("button.confirm").ClickAsync();

        await page.Locator("#status:has-text('已确认参加')").WaitForAsync();
        (await _database.RoomMembersAsync(booking))["Q0002"].ShouldBe(("confirmed", true));
        (await _database.RoomBookingStatusAsync(booking)).Status.ShouldBe("confirmed", "two of a minimum group of two have confirmed");
        await card.Locator(".badge:has-text('已确认')").WaitForAsync();
        (await card.Locator("button.confirm").CountAsync()).ShouldBe(0, "an answered invitation offers no answer again");
    }

    [Test]
    public async Task A_reader_books_a_free_slot_of_the_grid_for_a_group_and_the_companion_is_invited()
    {
        var room = await _database.AddRoomAsync("R402", minGroup: 2);
        await ReadersAsync("Q0101", "Q0102");
        var page = await _browser.NewPhoneAsAsync(OpenId("Q0101"));
        await page.GotoAsync(new Uri(_service, "/h5/rooms").ToString());

        var slot = page.Locator($"button.slot[data-room='R402'][aria-label*='14:00–14:30']");
        (await slot.GetAttributeAsync("aria-label")).ShouldBe("研讨室R402 14:00–14:30 空闲");
        (await page.Locator("tr:has(th:has-text('研讨室R402')) td.slot.closed").CountAsync()).ShouldBeGreaterThan(0,
            "the slots before now cannot be booked, and say so");
        await slot.ClickAsync();
        await page.Locator("#room-companions").FillAsync("Q0102");
        await page.Locator("#room-topic").FillAsync("毕业设计讨论");

        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);

        await page.Locator("#book-room").ClickAsync();

        await page.Locator("#status:has-text('已预约')").WaitForAsync();
        (await _database.LiveRoomBookingsAsync(room)).ShouldBe(1);
        var booking = page.Locator("#mine .room-booking");
        (await booking.InnerTextAsync()).ShouldContain("今天 14:00–15:00");
        (await booking.InnerTextAsync()).ShouldContain("未回复", customMessage: "the companion is invited, not yet in");
        var id = long.Parse((await booking.GetAttributeAsync("data-booking-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        (await _database.RoomMembersAsync(id)).ShouldBe(new Dictionary<string, (string, bool)>
        {
            ["Q0101"] = ("confirmed", true),
            ["Q0102"] = ("invited", false),
        });
    }

    [Test]
    public async Task The_day_picker_offers_today_and_the_days_ahead_of_the_room_rules_and_no_more()
    {
        await _database.AddRoomAsync("R403");
        await ReadersAsync("Q0201");
        var today = DateOnly.FromDateTime(_nine.DateTime);
        var page = await _browser.NewPhoneAsAsync(OpenId("Q0201"));
        async Task<string[]> Days()
        {
            await page.GotoAsync(new Uri(_service, "/h5/rooms").ToString());
            await page.Locator("button.slot[data-room='R403']").First.WaitForAsync();
            return await page.Locator("#grid .tabs button").EvaluateAllAsync<string[]>("tabs => tabs.map((tab) => tab.dataset.date)");
        }
        string[] From(int daysAhead) => [.. Enumerable.Range(0, daysAhead + 1).Select(i => $"{today.AddDays(i):yyyy-MM-dd}")];

        (await Days()).ShouldBe(From(3), "the shipped rules: today and three days ahead");
        await _database.SetRoomDaysAheadAsync(5);
        try
        {
            (await Days()).ShouldBe(From(5), "the library's own rules, as the server reads them");
            var last = $"#grid .tabs button[data-date='{today.AddDays(5):yyyy-MM-dd}']";
            await page.Locator(last).ClickAsync();
            await page.Locator($"{last}[aria-pressed='true']").WaitForAsync();
            (await page.Locator("button.slot[data-room='R403']").CountAsync()).ShouldBeGreaterThan(0, "the last day offered can be booked");
        }
        finally
        {
            await _database.SetRoomDaysAheadAsync(3);
        }
    }

    private async Task ReadersAsync(params string[] cards)
    {
        await _api.AddReadersAsync([.. cards.Select(card => Reader(card, name: $"读者{card}"))]);
        foreach (var card in cards)
            await _api.BindWeChatAsync(card, OpenId(card));
    }

    private static string OpenId(string card) => $"oRoomsPage{card}".PadRight(28, '0');

}
