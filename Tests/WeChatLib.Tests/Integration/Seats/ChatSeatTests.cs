using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Seats;

/// <summary>
/// “座位”, “订座 N”, “我的座位”, the four replies on a booking and the SEAT_CHECKIN scan, through the real webhook on one
/// service for the fixture, at nine in the morning of the library's day. Each test has its own zone and readers; the
/// clock only moves forward, and never far enough for the release job to touch another test's bookings.
/// </summary>
internal sealed partial class ChatSeatTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private FakeTimeProvider _clock = null!;
    private WeChatSender _wechat = null!;
    private int _readers;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);
        // In UTC, as a real clock's GetUtcNow answers: PostgreSQL takes no other offset.
        _clock = new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), Shanghai.GetUtcOffset(DateTime.UtcNow)).ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        _wechat = new WeChatSender(_api.CreateClient());
        await _database.OpenLibraryAsync();
        await using var connection = _database.Open();
        await connection.ExecuteAsync("update branch_opening_hours set opens_at = '00:00', closes_at = '23:59'");
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Seats_lists_zones_with_free_counts_and_book_N_takes_the_best_free_seat_until_the_zone_s_default_end_once()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-list", 3, prefix: "CL-", name: "列表自习区");

        var listed = await FreshListAsync(openId);
        var number = ZoneNumber(listed, "列表自习区");
        var now = Minute(_clock.GetUtcNow());
        var booked = await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var again = await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var after = await FreshListAsync(openId);

        listed.ShouldContain($"{number}. 列表自习区 · 2F · 空闲 3/3");
        listed.ShouldContain("回复 订座 N 预订该区最合适的空位");
        booked.ShouldBe($"已预订 列表自习区 CL-001，{Local(now)}–{Local(now.AddHours(4))}。\n请于 {Local(now.AddMinutes(30))} 前扫码签到，逾时座位将被释放。");
        var booking = (await _database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem();
        (booking.Seat, booking.Status).ShouldBe(("CL-001", "booked"));
        new DateTimeOffset(booking.Ends, TimeSpan.Zero).ShouldBe(now.AddHours(4));
        again.ShouldBe("抱歉，未能预订：您已预约座位CL-001，每人同时只能预约一个座位。\n回复“我的座位”查看您的预约。");
        (await _database.SeatBookingsOfAsync(card)).Count.ShouldBe(1);
        after.ShouldContain($"{ZoneNumber(after, "列表自习区")}. 列表自习区 · 2F · 空闲 2/3");
    }

    [Test]
    public async Task Past_ten_seat_requests_a_minute_the_chat_asks_the_reader_to_wait_and_books_nothing()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-limit", 1, prefix: "CLM-", name: "限频自习区");

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
            answers.Add(await SendAsync(WeChatSender.Text(openId, "订座 CLM-999")));
        var eleventh = await SendAsync(WeChatSender.Text(openId, "订座 CLM-001"));

        answers.ShouldAllBe(a => a.Contains("CLM-999"));
        eleventh.ShouldBe("操作过于频繁，请一分钟后再试。");
        (await _database.SeatBookingsOfAsync(card)).ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await SendAsync(WeChatSender.Text(openId, "订座 CLM-001"))).ShouldStartWith("已预订");
    }

    [Test]
    public async Task A_bare_number_right_after_the_list_books_but_after_another_list_or_a_few_minutes_gets_a_hint_and_books_nothing()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-bare", 2, prefix: "CB-", name: "数字自习区");

        var listed = await FreshListAsync(openId);
        var number = ZoneNumber(listed, "数字自习区");
        await SendAsync(WeChatSender.Text(openId, "我的预约"));
        var afterSearch = await SendAsync(WeChatSender.Text(openId, number.ToString(CultureInfo.InvariantCulture)));
        await FreshListAsync(openId);
        _clock.Advance(LastSeatListLifetime + TimeSpan.FromSeconds(1));
        var stale = await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var staleBare = await SendAsync(WeChatSender.Text(openId, number.ToString(CultureInfo.InvariantCulture)));
        (await _database.SeatBookingsOfAsync(card)).ShouldBeEmpty();

        await FreshListAsync(openId);
        var fullWidth = string.Concat(number.ToString(CultureInfo.InvariantCulture).Select(d => (char)(d - '0' + '０')));
        var booked = await SendAsync(WeChatSender.Text(openId, fullWidth));

        foreach (var hint in new[] { afterSearch, stale, staleBare })
            hint.ShouldBe("请先回复“座位”查看各区空位（列表 5 分钟内有效），再回复“订座 序号”。");
        booked.ShouldStartWith("已预订 数字自习区 CB-001，");
        (await _database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem().Status.ShouldBe("booked");
    }

    [Test]
    public async Task A_scan_of_another_seat_names_the_reader_s_seat_and_a_scan_of_theirs_checks_in()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-scan", 2, prefix: "CS-", name: "扫码自习区");
        var number = ZoneNumber(await FreshListAsync(openId), "扫码自习区");
        await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var now = Minute(_clock.GetUtcNow());

        var wrong = await SendAsync(Scan(openId, "CS-002"));
        var statusAfterWrong = (await _database.SeatBookingsOfAsync(card)).Single().Status;
        var right = await SendAsync(Scan(openId, "https://lib.example.edu.cn/seat?code=CS-001"));

        wrong.ShouldBe("抱歉，未能签到：这不是您预约的座位，您的座位是CS-001。");
        statusAfterWrong.ShouldBe("booked");
        right.ShouldBe($"签到成功：扫码自习区 CS-001，可使用至 {Local(now.AddHours(4))}。\n暂时离开请回复“暂离”，离开请回复“签退”。");
        (await _database.SeatBookingsOfAsync(card)).Single().Status.ShouldBe("checked_in");
    }

    [Test]
    public async Task A_scan_without_a_booking_says_how_to_book()
    {
        var (_, openId) = await ReaderAsync();

        var reply = await SendAsync(Scan(openId, "CS-001"));

        reply.ShouldBe("抱歉，未能签到：您当前没有座位预约。\n回复“座位”查看空位并预约。");
    }

    [Test]
    public async Task My_seat_shows_where_the_booking_stands_and_leave_back_sign_out_and_cancel_change_it()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-mine", 2, prefix: "CM-", name: "我的自习区");
        var number = ZoneNumber(await FreshListAsync(openId), "我的自习区");
        await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var now = Minute(_clock.GetUtcNow());

        var booked = await SendAsync(WeChatSender.Event(openId, "CLICK", "MY_BOOKINGS", createTime: Seconds()));
        var early = await SendAsync(WeChatSender.Text(openId, "签退"));
        await SendAsync(Scan(openId, "CM-001"));
        var seated = await SendAsync(WeChatSender.Text(openId, "我的座位"));
        var away = await SendAsync(WeChatSender.Text(openId, "暂离"));
        var awayStatus = (await _database.SeatBookingsOfAsync(card)).Single().Status;
        var onLeave = await SendAsync(WeChatSender.Text(openId, "我的座位"));
        var back = await SendAsync(WeChatSender.Text(openId, "返回"));
        var backStatus = (await _database.SeatBookingsOfAsync(card)).Single().Status;
        var left = await SendAsync(WeChatSender.Text(openId, "签退"));
        var ended = await SendAsync(WeChatSender.Text(openId, "我的座位"));

        booked.ShouldBe($"您的座位：我的自习区 CM-001\n{Local(now)}–{Local(now.AddHours(4))}\n状态：待签到，请于 {Local(now.AddMinutes(30))} 前扫码签到\n回复“取消座位”取消预约。");
        early.ShouldBe("抱歉，未能签退：您尚未签到。\n未签到的预约请回复“取消座位”。");
        seated.ShouldContain("状态：已签到\n回复“暂离”暂时离开，“签退”离开并释放座位。");
        away.ShouldBe($"已暂离，座位 CM-001 为您保留至 {Local(_clock.GetUtcNow().AddMinutes(30))}。回来后请回复“返回”，逾时座位将被释放。");
        awayStatus.ShouldBe("on_leave");
        onLeave.ShouldContain($"状态：暂离，请于 {Local(_clock.GetUtcNow().AddMinutes(30))} 前返回\n回复“返回”回到座位，“签退”离开并释放座位。");
        back.ShouldBe($"欢迎回来，座位 CM-001 可使用至 {Local(now.AddHours(4))}。");
        backStatus.ShouldBe("checked_in");
        left.ShouldBe("已签退，座位 CM-001 已释放，欢迎再来。");
        var finished = (await _database.SeatBookingsOfAsync(card)).Single();
        (finished.Status, finished.EndReason).ShouldBe(("finished", "left"));
        ended.ShouldBe($"您目前没有座位预约。\n回复“座位”查看空位并预约。\n\n上次：我的自习区 CM-001，{Local(_clock.GetUtcNow())} 签退");

        _clock.Advance(TimeSpan.FromSeconds(3));
        await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));
        var cancelled = await SendAsync(WeChatSender.Text(openId, "取消座位"));
        var none = await SendAsync(WeChatSender.Text(openId, "取消座位"));

        cancelled.ShouldBe("已取消 我的自习区 CM-001 的预约。");
        none.ShouldBe("抱歉，未能取消：您当前没有座位预约。\n回复“座位”查看空位并预约。");
        (await _database.SeatBookingsOfAsync(card)).Select(b => (b.Status, b.EndReason)).ShouldBe([("finished", "left"), ("cancelled", "cancelled_by_reader")]);
    }

    [Test]
    public async Task My_seat_after_staff_released_it_gives_the_staff_s_reason_as_text_never_as_a_link()
    {
        var (card, openId) = await ReaderAsync();
        var seats = await _database.AddSeatZoneAsync("chat-staff", 1, prefix: "CSR-", name: "释放自习区");
        var booking = await _database.AddSeatBookingAsync(card, seats[0], _clock.GetUtcNow().AddMinutes(-10), _clock.GetUtcNow().AddHours(2), "checked_in");
        // WeChat renders a link in a text reply: markup typed into a reason must reach the reader as the characters typed.
        const string reason = "书包放置超过两小时 <a href=\"https://example.com\">申诉</a>";
        (await _api.Services.GetRequiredService<ReleaseSeat>().HandleAsync(booking, 1, reason, CancellationToken.None))
            .ShouldBeOfType<StaffSeatRelease.Released>();

        var mine = await SendAsync(WeChatSender.Text(openId, "我的座位"));

        mine.ShouldBe($"您目前没有座位预约。\n回复“座位”查看空位并预约。\n\n上次：释放自习区 CSR-001，{Local(_clock.GetUtcNow())} 由馆员释放：书包放置超过两小时 ＜a href=\"https://example.com\"＞申诉＜/a＞");
    }

    [Test]
    public async Task A_suspended_reader_is_told_why_and_until_when_and_cannot_book()
    {
        var (card, openId) = await ReaderAsync();
        var seats = await _database.AddSeatZoneAsync("chat-susp", 2, prefix: "CP-", name: "暂停自习区");
        var releasedAt = _clock.GetUtcNow().AddHours(-20);
        await _database.AddSeatViolationAsync(card, seats[1], releasedAt);
        var until = _clock.GetUtcNow().AddDays(6);
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("""
                insert into seat_suspensions (patron_id, starts_at, ends_at, reason)
                select id, @from, @until, '30天内违约3次' from patrons where card_number = @card
                """, new { card, from = _clock.GetUtcNow().AddHours(-20).UtcDateTime, until = until.UtcDateTime });

        var mine = await SendAsync(WeChatSender.Event(openId, "CLICK", "MY_BOOKINGS", createTime: Seconds()));
        var number = ZoneNumber(await FreshListAsync(openId), "暂停自习区");
        var refused = await SendAsync(WeChatSender.Text(openId, $"订座 {number}"));

        var untilText = TimeZoneInfo.ConvertTime(until, Shanghai).ToString("M-d HH:mm", CultureInfo.InvariantCulture);
        mine.ShouldBe($"您目前没有座位预约。\n\n上次：暂停自习区 CP-002，{Local(releasedAt)} 未签到，已释放\n\n因30天内违约3次，座位预约暂停至 {untilText}。");
        refused.ShouldBe($"抱歉，未能预订：因违约，预约资格暂停至{untilText}。");
        (await _database.SeatBookingsOfAsync(card)).ShouldAllBe(b => b.Status == "released");
    }

    [Test]
    public async Task A_replayed_message_or_scan_is_acted_on_once_and_answered_alike()
    {
        var (card, openId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-replay", 3, prefix: "CR-", name: "重放自习区");
        var number = ZoneNumber(await FreshListAsync(openId), "重放自习区");
        var book = WeChatSender.Text(openId, $"订座 {number}", msgId: 7_100_000_000_000_000_001);
        var checkInsBefore = await _database.AuditCountAsync("seat.checked_in");

        var first = await SendAsync(book);
        var replayed = await SendAsync(book);
        var scan = Scan(openId, "CR-001");
        var scanned = await SendAsync(scan);
        var scanReplayed = await SendAsync(scan);

        replayed.ShouldBe(first);
        first.ShouldStartWith("已预订 重放自习区 CR-001，");
        (await _database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem().Status.ShouldBe("checked_in");
        scanReplayed.ShouldBe(scanned);
        scanned.ShouldStartWith("签到成功");
        (await _database.AuditCountAsync("seat.checked_in")).ShouldBe(checkInsBefore + 1);
    }

    [Test]
    public async Task A_reader_who_prefers_english_is_answered_in_english()
    {
        var (card, openId) = await ReaderAsync(Language.En);
        await _database.AddSeatZoneAsync("chat-en", 2, prefix: "CE-", name: "英文自习区", nameEn: "English study");
        var listed = await FreshListAsync(openId, "seats");
        var number = ZoneNumber(listed, "English study");
        var now = Minute(_clock.GetUtcNow());

        var booked = await SendAsync(WeChatSender.Text(openId, $"book {number}"));
        var mine = await SendAsync(WeChatSender.Text(openId, "my seat"));
        var cancelled = await SendAsync(WeChatSender.Text(openId, "cancel seat"));

        listed.ShouldStartWith("Free seats now:");
        listed.ShouldContain($"{number}. English study · 2F · 2 of 2 free");
        listed.ShouldContain("Reply book N to book the best free seat in zone N");
        booked.ShouldBe($"Booked: English study CE-001, {Local(now)}–{Local(now.AddHours(4))}.\nScan the seat's QR code by {Local(now.AddMinutes(30))} to check in, or the seat is released.");
        mine.ShouldContain($"Status: to check in by {Local(now.AddMinutes(30))}\nReply cancel seat to cancel the booking.");
        cancelled.ShouldBe("Your booking of English study CE-001 is cancelled.");
        (await _database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem().Status.ShouldBe("cancelled");
    }

    [Test]
    public async Task An_unbound_reader_is_asked_to_bind_for_every_seat_request()
    {
        const string openId = "oChatSeatsUnbound00000000001";

        var replies = new List<string>
        {
            await SendAsync(WeChatSender.Event(openId, "CLICK", "SEATS", createTime: Seconds())),
            await SendAsync(WeChatSender.Event(openId, "CLICK", "MY_BOOKINGS", createTime: Seconds())),
            await SendAsync(Scan(openId, "CS-001")),
        };
        foreach (var text in new[] { "订座 1", "1", "取消座位", "暂离", "返回", "签退" })
            replies.Add(await SendAsync(WeChatSender.Text(openId, text)));

        foreach (var reply in replies)
            reply.ShouldContain("请先绑定借书证");
    }

    private static TimeSpan LastSeatListLifetime => Api.WeChat.Actions.LastSeatZoneList.Lifetime;

    /// <summary>A reader of this fixture alone, bound to an openid of their own.</summary>
    private async Task<(string Card, string OpenId)> ReaderAsync(Language language = Language.Zh)
    {
        var n = Interlocked.Increment(ref _readers);
        var card = $"CS{n:0000}";
        var openId = $"oChatSeat{card}".PadRight(28, '0');
        await _api.AddReadersAsync(Reader(card) with { PreferredLanguage = language });
        await _api.BindWeChatAsync(card, openId);
        return (card, openId);
    }

    /// <summary>The zone list with counts made now: the service's two-second count cache is left behind first.</summary>
    private async Task<string> FreshListAsync(string openId, string text = "座位")
    {
        _clock.Advance(TimeSpan.FromSeconds(3));
        return await SendAsync(WeChatSender.Text(openId, text));
    }

    private string Scan(string openId, string scanned) => WeChatSender.Scan(openId, scanned, Seconds());

    private long Seconds() => _clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Sends a message signed at the service's time and returns the passive reply's text.</summary>
    private Task<string> SendAsync(string xml) => _wechat.ReplyTextAsync(xml, Seconds());

    private static int ZoneNumber(string list, string zoneName)
    {
        var match = Regex.Match(list, $@"(?m)^(\d+)\. {Regex.Escape(zoneName)} ·");
        match.Success.ShouldBeTrue($"the list names {zoneName}: {list}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), at.Offset);
}
