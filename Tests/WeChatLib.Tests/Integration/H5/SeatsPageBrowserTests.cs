using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>
/// The seat floor view in a phone's WeChat browser, signed in through WeChat OAuth, on a service whose clock stands at
/// nine in the morning, library time (the phone's own zone is the machine's: the page shows the library's times anyway).
/// Each test has its own zone and readers.
/// </summary>
internal sealed class SeatsPageBrowserTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private Uri _service = null!;
    private PhoneBrowser _browser = null!;
    private FakeTimeProvider _clock = null!;
    private DateTimeOffset _nine;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);
        _nine = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        _clock = new FakeTimeProvider(_nine.ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        // The release job would race the bookings the tests arrange; it is tested on its own.
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

    /// <summary>Free counts are kept for two seconds of the service's clock: each test's zone is counted afresh, still within 09:00.</summary>
    [SetUp]
    public void CountAfresh() => _clock.Advance(TimeSpan.FromSeconds(3));

    [Test]
    public async Task A_reader_books_the_seat_they_choose_on_the_floor_map_and_sees_it_as_their_booking()
    {
        var zone = await FloorAsync("quiet-a", "A2-");
        await ReadersAsync("P0001", "P0002");
        await _database.AddSeatBookingAsync("P0002", "A2-001", _nine, _nine.AddHours(3), "checked_in");
        var page = await _browser.NewPhoneAsAsync(OpenId("P0001"));

        await page.GotoAsync(new Uri(_service, "/h5/seats").ToString());
        await page.Locator($"button.zone[data-zone-id='{zone}']").ClickAsync();

        var taken = page.Locator("[data-seat='A2-001']");
        (await page.GetByRole(AriaRole.Button, new() { Name = "A2-001 已占用 靠窗 有电源", Exact = true }).GetAttributeAsync("data-seat"))
            .ShouldBe("A2-001", "each seat is named with its state and what it offers");
        (await taken.IsDisabledAsync()).ShouldBeTrue("a seat in use cannot be chosen");
        (await taken.Locator(".mark").InnerTextAsync()).ShouldBe("占", "taken differs from free by a letter, not only by colour");
        (await page.Locator("[data-seat='A2-006'] .mark").InnerTextAsync()).ShouldBe("空");
        (await page.Locator($"button.zone[data-zone-id='{zone}']").InnerTextAsync()).ShouldContain("空闲 11/12");

        await page.Locator("[data-seat='A2-006']").ClickAsync();
        await page.Locator("#book-seat").ClickAsync();

        await page.Locator("#status:has-text('已预约 A2-006')").WaitForAsync();
        var booking = (await _database.SeatBookingsOfAsync("P0001")).ShouldHaveSingleItem();
        booking.Seat.ShouldBe("A2-006");
        booking.Status.ShouldBe("booked");
        new DateTimeOffset(booking.Starts, TimeSpan.Zero).ShouldBe(_nine, "with no start chosen the booking starts now, to the minute");
        var mine = page.Locator(".my-seat");
        (await mine.InnerTextAsync()).ShouldContain("今天 09:00–13:00", customMessage: "times are the library's, whatever the phone's zone");
        (await page.Locator("[data-seat='A2-006'] .mark").InnerTextAsync()).ShouldBe("我");
        await PhoneBrowser.ScreenshotAsync(page, "seats-375.png");
        (await PhoneBrowser.ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(PhoneBrowser.PhoneWidth);
    }

    [Test]
    public async Task A_seat_taken_while_the_reader_chose_it_is_refused_with_the_nearest_free_seats_and_one_of_them_books_at_a_tap()
    {
        var zone = await FloorAsync("quiet-b", "B2-");
        await ReadersAsync("P0101", "P0102");
        var page = await _browser.NewPhoneAsAsync(OpenId("P0101"));
        await page.GotoAsync(new Uri(_service, "/h5/seats").ToString());
        await page.Locator($"button.zone[data-zone-id='{zone}']").ClickAsync();
        await page.Locator("[data-seat='B2-002']").ClickAsync();

        await _database.AddSeatBookingAsync("P0102", "B2-002", _nine, _nine.AddHours(2));
        await page.Locator("#book-seat").ClickAsync();

        await page.Locator("#status:has-text('B2-002 刚被别人抢先预约了')").WaitForAsync();
        var nearest = page.Locator(".nearest button[data-seat]");
        await nearest.First.WaitForAsync();
        var offered = (await nearest.First.GetAttributeAsync("data-seat"))!;
        offered.ShouldNotBe("B2-002");
        (await _database.SeatBookingsOfAsync("P0101")).ShouldBeEmpty();

        await nearest.First.ClickAsync();

        await page.Locator($"#status:has-text('已预约 {offered}')").WaitForAsync();
        (await _database.SeatBookingsOfAsync("P0101")).ShouldHaveSingleItem().Seat.ShouldBe(offered);
    }

    [Test]
    public async Task The_seats_page_weighs_under_150_KB_has_no_serious_accessibility_problem_and_shows_a_refused_check_in_in_words()
    {
        var zone = await FloorAsync("quiet-c", "C2-");
        await ReadersAsync("P0201");
        await _database.AddSeatBookingAsync("P0201", "C2-003", _nine, _nine.AddHours(4));
        var page = await _browser.NewPhoneAsAsync(OpenId("P0201"));
        await page.GotoAsync(new Uri(_service, "/h5/seats").ToString());
        await page.Locator($"button.zone[data-zone-id='{zone}']").ClickAsync();
        await page.Locator("[data-seat='C2-003'].mine").WaitForAsync();

        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);

        await page.Locator("#checkin-seat").FillAsync("C2-004");
        await page.Locator("form.checkin button").ClickAsync();

        var reason = page.Locator(".my-seat li[data-code=wrong_seat]");
        await reason.WaitForAsync();
        (await reason.InnerTextAsync()).ShouldContain("C2-003", customMessage: "the refusal names the booked seat");
        (await _database.SeatBookingsOfAsync("P0201")).ShouldHaveSingleItem().Status.ShouldBe("booked");
    }

    [Test]
    public async Task A_reader_whose_seat_staff_released_opens_the_seats_page_and_reads_why_in_their_language()
    {
        await FloorAsync("quiet-d", "D2-");
        await ReadersAsync("P0301");
        var booking = await _database.AddSeatBookingAsync("P0301", "D2-005", _nine, _nine.AddHours(3), "checked_in");
        using var desk = _api.ClientWith((await _api.StaffTokensAsync("seats-page-desk", StaffRole.Circulation)).AccessToken);
        (await desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "书包放置超过两小时" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var at = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), Shanghai).ToString("HH:mm", CultureInfo.InvariantCulture);
        var page = await _browser.NewPhoneAsAsync(OpenId("P0301"));

        await page.GotoAsync(new Uri(_service, "/h5/seats").ToString());

        var last = page.Locator("#mine #last-booking");
        await last.WaitForAsync();
        (await last.InnerTextAsync()).ShouldBe($"上次：二楼自习区 D2-005，{at} 由馆员释放：书包放置超过两小时");
        (await page.Locator(".my-seat").CountAsync()).ShouldBe(0, "the released booking is not shown as the reader's seat");
        await PhoneBrowser.ShouldPassThePhoneChecksAsync(page);

        await page.ClickAsync("#lang");

        await page.Locator("h1:has-text('Seats')").WaitForAsync();
        (await page.Locator("#last-booking").InnerTextAsync()).ShouldBe($"Last: Quiet study, 2F D2-005, released {at} by staff: 书包放置超过两小时");
    }

    /// <summary>A zone of twelve seats on a floor grid of three rows of four, the first column by the window.</summary>
    private async Task<long> FloorAsync(string zone, string prefix)
    {
        await _database.AddSeatZoneAsync(zone, 12, prefix);
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            update seats s set map_row = (substr(s.code, length(@prefix) + 1)::int - 1) / 4 + 1,
                               map_column = (substr(s.code, length(@prefix) + 1)::int - 1) % 4 + 1,
                               by_window = (substr(s.code, length(@prefix) + 1)::int - 1) % 4 = 0
            from seat_zones z where z.id = s.zone_id and z.code = @zone;
            select id from seat_zones where code = @zone;
            """, new { zone, prefix });
    }

    private async Task ReadersAsync(params string[] cards)
    {
        await _api.AddReadersAsync([.. cards.Select(card => Reader(card))]);
        foreach (var card in cards)
            await _api.BindWeChatAsync(card, OpenId(card));
    }

    private static string OpenId(string card) => $"oSeatsPage{card}".PadRight(28, '0');

}
