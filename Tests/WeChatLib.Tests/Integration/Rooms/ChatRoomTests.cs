using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Rooms;

/// <summary>
/// “研讨室”, “确认”, MY_BOOKINGS, “取消研讨室 N” and a room door's scan, through the real webhook on one service for the
/// fixture, from nine in the morning of the library's day. Each test has its own rooms and readers; the clock only moves
/// forward, and the schedule is off, so no test's booking lapses or is released under another.
/// </summary>
internal sealed class ChatRoomTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private const string BookingPage = "<a href=\"https://lib.example.edu.cn/h5/rooms\">在线预约研讨室</a>";
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private FakeTimeProvider _clock = null!;
    private WeChatSender _wechat = null!;
    private DateOnly _today;
    private int _readers;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);
        // In UTC, as a real clock's GetUtcNow answers: PostgreSQL takes no other offset.
        _clock = new FakeTimeProvider(new DateTimeOffset(_today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        _api.Settings["Jobs:Enabled"] = "false";
        _api.Settings["Outbox:WorkersEnabled"] = "false";
        _wechat = new WeChatSender(_api.CreateClient());
        // Open 07:00–23:00 every day.
        await _database.OpenLibraryAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Rooms_lists_the_rooms_the_reader_may_book_free_in_the_next_hours_with_their_next_slots_and_the_booking_page()
    {
        var (_, openId) = await ReaderAsync();
        var (other, _) = await ReaderAsync();
        await _database.AddRoomAsync("AR-1", minGroup: 2);
        await _database.AddRoomAsync("AR-2", capacity: 4);
        await _database.AddRoomAsync("AR-3", enabled: false);
        await _database.AddRoomAsync("AR-4", patronGroups: ["faculty"]);
        var first = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.Zero);
        await _database.AddRoomBookingAsync(other, "AR-2", first, first.AddHours(1));

        var listed = await SendAsync(WeChatSender.Text(openId, "研讨室"));
        var clicked = await SendAsync(WeChatSender.Event(openId, "CLICK", "ROOMS", createTime: Seconds()));

        listed.ShouldStartWith("未来3小时内的空闲研讨室：\n\n");
        listed.ShouldContain($"· 研讨室AR-1 AR-1 · 4F · 2–6人\n  空闲：{Slots(first, 0, 4)}\n\n· 研讨室AR-2 AR-2 · 4F · 1–4人\n  空闲：{Slots(first, 2, 4)}");
        // Switched off, and open to faculty only.
        listed.ShouldNotContain("AR-3");
        listed.ShouldNotContain("AR-4");
        listed.ShouldEndWith($"\n\n每个时段30分钟。选时段、邀请同伴请{BookingPage}。");
        clicked.ShouldBe(listed);
    }

    [Test]
    public async Task Rooms_answers_politely_when_every_room_is_taken_soon_or_the_library_is_closed_today()
    {
        var (_, openId) = await ReaderAsync();
        await _database.AddRoomAsync("AP-1");
        await using var connection = _database.Open();
        var now = _clock.GetUtcNow();

        string full, closed;
        try
        {
            await connection.ExecuteAsync("""
                insert into room_blocks (room_id, during, reason, blocked_by) select id, tstzrange(@from, @to), '全部占用', 'staff:1' from rooms
                """, new { from = now.AddHours(-1).UtcDateTime, to = now.AddHours(4).UtcDateTime });
            full = await SendAsync(WeChatSender.Text(openId, "研讨室"));
        }
        finally
        {
            await connection.ExecuteAsync("delete from room_blocks where reason = '全部占用'");
        }
        try
        {
            await _database.CloseBranchOnAsync(Library.MainBranch, _today, "盘点");
            closed = await SendAsync(WeChatSender.Text(openId, "研讨室"));
        }
        finally
        {
            await connection.ExecuteAsync("delete from branch_calendar_dates where reason = '盘点'");
        }
        var open = await SendAsync(WeChatSender.Text(openId, "研讨室"));

        full.ShouldBe($"抱歉，未来3小时内研讨室均已约满。\n其他时段请{BookingPage}。");
        closed.ShouldBe($"图书馆今天已闭馆，研讨室暂不开放。\n预约之后几天的研讨室请{BookingPage}。");
        open.ShouldContain("· 研讨室AP-1 AP-1 · 4F · 1–6人");
    }

    [Test]
    public async Task Confirm_answers_the_latest_invitation_or_the_one_named_and_the_booking_holds_once_the_group_is_complete()
    {
        var (_, organiser) = await ReaderAsync();
        var (ann, annOpenId) = await ReaderAsync();
        var (bob, bobOpenId) = await ReaderAsync();
        var room = await _database.AddRoomAsync("CF-1", minGroup: 3);
        var (id, confirmBy) = await BookAsync(organiser, room, Slot("14:00"), 60, ann, bob);
        var annId = (await _api.PatronAsync(ann)).Id;

        var first = await SendAsync(WeChatSender.Text(annOpenId, "确认"));
        var second = await SendAsync(WeChatSender.Text(bobOpenId, $"确认 {id}"));
        var again = await SendAsync(WeChatSender.Text(annOpenId, "确认"));
        var unknown = await SendAsync(WeChatSender.Text(bobOpenId, "确认 987654321"));
        var notInvited = await SendAsync(WeChatSender.Text(organiser, "confirm"));
        var unreadable = await SendAsync(WeChatSender.Text(bobOpenId, "确认一下"));

        (await FieldAsync($"room-invitation:{id}:{annId}", "hint")).ShouldBe($"回复“确认 {id}”或点击此消息确认");
        first.ShouldBe($"已确认：研讨室CF-1 CF-1，14:00–15:00。已有2人确认，等待其他同伴确认；{Local(confirmBy)} 前人数不足将自动取消。");
        second.ShouldBe("已确认，研讨室预约成功：研讨室CF-1 CF-1，14:00–15:00。\n请于 13:50–14:15 扫描门上二维码签到，逾时研讨室将被释放。");
        again.ShouldBe("抱歉，未能确认：您已确认该邀请。");
        unknown.ShouldBe("没有找到编号为 987654321 的研讨室邀请。");
        notInvited.ShouldBe("抱歉，未能确认：您没有待确认的研讨室邀请。\n点击菜单“我的预约”查看您的预约。");
        unreadable.ShouldBe("确认研讨室邀请请回复“确认”或“确认 编号”（编号见邀请通知）。");
        (await _database.RoomBookingStatusAsync(id)).ShouldBe(("confirmed", null));
        (await _database.RoomMembersAsync(id)).Values.ShouldAllBe(m => m.Status == "confirmed" && m.Holds);
        (await CountAsync("select count(*) from notifications where idempotency_key like @key", new { key = $"room-confirmed:{id}:%" })).ShouldBe(3);
        (await _database.RoomAuditCountAsync("room.invitation_confirmed", id)).ShouldBe(2);
    }

    [Test]
    public async Task Confirm_says_why_not_when_the_booking_lapsed_or_the_companion_is_in_another_room_at_that_time_even_when_racing()
    {
        var (organiser, organiserOpenId) = await ReaderAsync();
        var (other, otherOpenId) = await ReaderAsync();
        var (late, lateOpenId) = await ReaderAsync();
        var (busy, busyOpenId) = await ReaderAsync();
        var (racer, racerOpenId) = await ReaderAsync();
        var rooms = new Dictionary<string, long>();
        foreach (var code in new[] { "LP-1", "LP-2", "LP-3", "LP-4", "LP-5" })
            rooms[code] = await _database.AddRoomAsync(code, minGroup: 2);

        var (lapsed, _) = await BookAsync(organiserOpenId, rooms["LP-1"], Slot("16:00"), 60, late);
        await _database.EndRoomBookingAsync(lapsed, "lapsed", "not_confirmed");
        var (invited, _) = await BookAsync(organiserOpenId, rooms["LP-3"], Slot("18:00"), 60, busy);
        // Holding another room meanwhile, as one who organised a booking of it since.
        await _database.AddRoomBookingAsync(busy, "LP-2", Slot("18:30"), Slot("19:30"));
        var (x, _) = await BookAsync(organiserOpenId, rooms["LP-4"], Slot("20:00"), 60, racer);
        var (y, _) = await BookAsync(otherOpenId, rooms["LP-5"], Slot("20:30"), 60, racer);

        var named = await SendAsync(WeChatSender.Text(lateOpenId, $"确认 {lapsed}"));
        var latest = await SendAsync(WeChatSender.Text(lateOpenId, "确认"));
        var overlapping = await SendAsync(WeChatSender.Text(busyOpenId, "确认"));
        var races = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _wechat.SafeAsync(WeChatSender.Text(racerOpenId, $"确认 {(i % 2 == 0 ? x : y)}"), timestamp: Seconds())));

        const string lapsedText = "抱歉，未能确认：该预约已失效：未在时限内确认（或获批），研讨室已释放。";
        named.ShouldBe(lapsedText);
        latest.ShouldBe(lapsedText);
        overlapping.ShouldBe("抱歉，未能确认：您在该时段已有研讨室LP-2的预约，同一时间只能参加一个预约。\n点击菜单“我的预约”查看您的预约。");
        (await _database.RoomMembersAsync(invited))[busy].ShouldBe(("invited", false));
        (await _database.RoomMembersAsync(lapsed))[late].ShouldBe(("invited", false));

        // Ten confirmations of two overlapping invitations at once: the person holds one room, and every other answer says why not.
        races.ShouldAllBe(r => r.Status == 200);
        var answers = races.Select(r => WeChatSender.ContentOf(r.Reply)).Where(a => a != "").ToList();
        answers.Count(a => a.StartsWith("已确认", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(1);
        answers.Where(a => !a.StartsWith("已确认", StringComparison.Ordinal))
            .ShouldAllBe(a => a == "抱歉，未能确认：您已确认该邀请。" || a.Contains("同一时间只能参加一个预约"));
        (await _database.RoomsHeldAsync(racer)).ShouldBe(1);
        var members = new[] { (await _database.RoomMembersAsync(x))[racer], (await _database.RoomMembersAsync(y))[racer] };
        members.Count(m => m == ("confirmed", true)).ShouldBe(1);
        members.Count(m => m == ("invited", false)).ShouldBe(1);
        (await CountAsync("select count(*) from audit_log where action = 'room.invitation_confirmed' and target = any(@targets)",
            new { targets = new[] { $"room-booking:{x}", $"room-booking:{y}" } })).ShouldBe(1);
    }

    [Test]
    public async Task My_bookings_shows_the_seat_and_each_live_room_booking_with_where_it_stands_and_the_organiser_cancels_with_its_number()
    {
        var (organiser, organiserOpenId) = await ReaderAsync();
        var (ann, annOpenId) = await ReaderAsync();
        await _database.AddSeatZoneAsync("chat-rooms-mine", 1, prefix: "MBS-", name: "预约自习区");
        var seatStart = Minute(_clock.GetUtcNow());
        await _database.AddSeatBookingAsync(organiser, "MBS-001", seatStart, seatStart.AddHours(2));
        var pendingRoom = await _database.AddRoomAsync("MB-1", minGroup: 2);
        var confirmedRoom = await _database.AddRoomAsync("MB-2");
        var approvalRoom = await _database.AddRoomAsync("MB-3", needsApproval: true);
        var (pending, confirmBy) = await BookAsync(organiserOpenId, pendingRoom, Slot("15:00"), 60, ann);
        var (confirmed, _) = await BookAsync(organiserOpenId, confirmedRoom, Slot("17:00"), 60);
        var (awaiting, approveBy) = await BookAsync(organiserOpenId, approvalRoom, Slot("19:00"), 60);

        var mine = await SendAsync(WeChatSender.Event(organiserOpenId, "CLICK", "MY_BOOKINGS", createTime: Seconds()));
        var annsView = await SendAsync(WeChatSender.Text(annOpenId, "我的研讨室"));
        var notTheirs = await SendAsync(WeChatSender.Text(annOpenId, $"取消研讨室 {pending}"));
        var cancelled = await SendAsync(WeChatSender.Text(organiserOpenId, $"取消研讨室 {pending}"));
        var twice = await SendAsync(WeChatSender.Text(organiserOpenId, $"取消研讨室 {pending}"));
        var withoutNumber = await SendAsync(WeChatSender.Text(organiserOpenId, "取消研讨室"));
        var annAfter = await SendAsync(WeChatSender.Text(annOpenId, "我的研讨室"));

        mine.ShouldBe($"""
            您的座位：预约自习区 MBS-001
            {Local(seatStart)}–{Local(seatStart.AddHours(2))}
            状态：待签到，请于 {Local(seatStart.AddMinutes(30))} 前扫码签到
            回复“取消座位”取消预约。

            研讨室：研讨室MB-1 MB-1（编号 {pending}）
            15:00–16:00 · 您是预约人
            状态：待同伴确认（已确认1人），{Local(confirmBy)} 前人数不足将自动取消
            回复“取消研讨室 {pending}”取消预约。

            研讨室：研讨室MB-2 MB-2（编号 {confirmed}）
            17:00–18:00 · 您是预约人
            状态：已确认，16:50 起可扫码签到（17:15 前）
            回复“取消研讨室 {confirmed}”取消预约。

            研讨室：研讨室MB-3 MB-3（编号 {awaiting}）
            19:00–20:00 · 您是预约人
            状态：待馆员审批，{Local(approveBy)} 前未获批准将自动取消
            回复“取消研讨室 {awaiting}”取消预约。
            """);
        annsView.ShouldBe($"""
            您目前没有座位预约。
            回复“座位”查看空位并预约。

            研讨室：研讨室MB-1 MB-1（编号 {pending}）
            15:00–16:00 · 您是同伴
            状态：待您确认，请于 {Local(confirmBy)} 前回复“确认 {pending}”
            """);
        notTheirs.ShouldBe("抱歉，未能取消：只有预约人可以取消预约。");
        cancelled.ShouldBe("已取消研讨室 研讨室MB-1 MB-1（15:00–16:00）的预约，同伴将收到通知。");
        twice.ShouldBe("抱歉，未能取消：该预约已取消。");
        withoutNumber.ShouldBe("取消研讨室预约请回复“取消研讨室 编号”，编号见菜单“我的预约”。");
        annAfter.ShouldBe("您目前没有座位预约。\n回复“座位”查看空位并预约。");
        (await _database.RoomBookingStatusAsync(pending)).ShouldBe(("cancelled", "cancelled_by_organiser"));
        (await _database.NoticeKeysAsync($"room-cancelled:{pending}:")).ShouldBe([$"room-cancelled:{pending}:{(await _api.PatronAsync(ann)).Id}"]);
    }

    [Test]
    public async Task Scanning_a_room_door_checks_the_group_in_through_the_room_rules_and_a_seat_scan_still_checks_the_seat_in()
    {
        var (card, openId) = await ReaderAsync();
        var room = await _database.AddRoomAsync("SC-1");
        await _database.AddRoomAsync("SC-2");
        await _database.AddSeatZoneAsync("chat-rooms-scan", 1, prefix: "SCS-", name: "扫码自习区");
        var start = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.Zero);
        var (booking, _) = await BookAsync(openId, room, start, 60);
        if (_clock.GetUtcNow() < start.AddMinutes(-5))
            _clock.Advance(start.AddMinutes(-5) - _clock.GetUtcNow());
        var seatStart = Minute(_clock.GetUtcNow());
        await _database.AddSeatBookingAsync(card, "SCS-001", seatStart, seatStart.AddHours(2));

        var wrong = await SendAsync(Scan(openId, "SC-2"));
        var door = Scan(openId, "https://lib.example.edu.cn/room?code=sc-1");
        var right = await SendAsync(door);
        var replayed = await SendAsync(door);
        var seat = await SendAsync(Scan(openId, "SCS-001"));

        wrong.ShouldBe("抱歉，未能签到：这不是您预约的研讨室，您预约的是SC-1。");
        right.ShouldBe($"签到成功：研讨室 研讨室SC-1 SC-1，可使用至 {Local(start.AddHours(1))}。");
        replayed.ShouldBe(right);
        (await _database.RoomBookingStatusAsync(booking)).ShouldBe(("checked_in", null));
        (await _database.RoomAuditCountAsync("room.checked_in", booking)).ShouldBe(1);
        seat.ShouldBe($"签到成功：扫码自习区 SCS-001，可使用至 {Local(seatStart.AddHours(2))}。\n暂时离开请回复“暂离”，离开请回复“签退”。");
        (await _database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem().Status.ShouldBe("checked_in");
    }

    [Test]
    public async Task A_reader_who_prefers_english_is_answered_in_english()
    {
        var (_, organiser) = await ReaderAsync();
        var (card, openId) = await ReaderAsync(Language.En);
        await _database.AddRoomAsync("AE-1");
        var room = await _database.AddRoomAsync("AE-2", minGroup: 2);
        var (id, _) = await BookAsync(organiser, room, Slot("18:00"), 60, card);
        var first = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.Zero);

        var listed = await SendAsync(WeChatSender.Text(openId, "rooms"));
        var confirmed = await SendAsync(WeChatSender.Text(openId, "confirm"));
        var mine = await SendAsync(WeChatSender.Text(openId, "my rooms"));

        listed.ShouldStartWith("Rooms free in the next 3 hours:\n\n");
        listed.ShouldContain("· Room AE-1 AE-1 · 4F · 1–6 people\n  free at " + Slots(first, 0, 4, ", "));
        listed.ShouldEndWith("Each slot is 30 minutes. To pick a time and invite your group, <a href=\"https://lib.example.edu.cn/h5/rooms\">book a room online</a>.");
        confirmed.ShouldBe("Confirmed: Room AE-2 AE-2, 18:00–19:00 is booked.\nScan the QR code on the door between 17:50 and 18:15 to check in, or the room is released.");
        mine.ShouldEndWith($"Room: Room AE-2 AE-2 (no. {id})\n18:00–19:00 · you are a companion\nStatus: confirmed; check in from 17:50 (by 18:15) by scanning the door's QR code");
    }

    [Test]
    public async Task An_unbound_reader_is_asked_to_bind_for_every_room_request()
    {
        const string openId = "oChatRoomsUnbound00000000001";
        await _database.AddRoomAsync("UB-1");

        var replies = new List<string>
        {
            await SendAsync(WeChatSender.Event(openId, "CLICK", "ROOMS", createTime: Seconds())),
            await SendAsync(WeChatSender.Event(openId, "CLICK", "MY_BOOKINGS", createTime: Seconds())),
            await SendAsync(Scan(openId, "UB-1")),
        };
        foreach (var text in new[] { "研讨室", "rooms", "确认", "确认 12", "确认一下", "我的研讨室", "取消研讨室 12", "取消研讨室" })
            replies.Add(await SendAsync(WeChatSender.Text(openId, text)));

        foreach (var reply in replies)
            reply.ShouldContain("请先绑定借书证");
    }

    /// <summary>A reader of this fixture alone, bound to an openid of their own.</summary>
    private async Task<(string Card, string OpenId)> ReaderAsync(Language language = Language.Zh)
    {
        var n = Interlocked.Increment(ref _readers);
        var card = $"CR{n:0000}";
        var openId = $"oChatRoom{card}".PadRight(28, '0');
        await _api.AddReadersAsync(Reader(card) with { PreferredLanguage = language });
        await _api.BindWeChatAsync(card, openId);
        return (card, openId);
    }

    /// <summary>Books the room for the organiser's group through the use case REST and the H5 page call; returns the booking and its deadline.</summary>
    private async Task<(long Id, DateTimeOffset ConfirmBy)> BookAsync(string organiserOpenId, long roomId, DateTimeOffset starts, int minutes,
        params string[] companions)
    {
        var booked = (await _api.Services.GetRequiredService<BookRoom>().HandleAsync(new ReaderRef.WeChat(organiserOpenId),
            new RoomRequest(roomId, starts, minutes, companions), CancellationToken.None)).ShouldBeOfType<RoomBookingResult.Booked>();
        return (booked.Booking.Id, booked.Booking.ConfirmBy);
    }

    private DateTimeOffset Slot(string time) =>
        RoomRules.At(_today, TimeOnly.Parse(time, CultureInfo.InvariantCulture), Shanghai).ToUniversalTime();

    /// <summary><paramref name="count"/> half-hour slots from the <paramref name="skip"/>th after <paramref name="first"/>, as the list names them.</summary>
    private static string Slots(DateTimeOffset first, int skip, int count, string separator = "、") =>
        string.Join(separator, Enumerable.Range(skip, count).Select(i => Local(first.AddMinutes(30 * i))));

    private string Scan(string openId, string scanned) => WeChatSender.Scan(openId, scanned, Seconds());

    private long Seconds() => _clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Sends a message signed at the service's time and returns the passive reply's text.</summary>
    private Task<string> SendAsync(string xml) => _wechat.ReplyTextAsync(xml, Seconds());

    private async Task<string?> FieldAsync(string key, string field)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<string?>("select fields ->> @field from notifications where idempotency_key = @key", new { key, field });
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), at.Offset);
}
