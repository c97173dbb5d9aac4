using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Rooms;

/// <summary>
/// The server's own schedule for rooms, on the real scheduler with a fake library clock shared by the fixture: each test
/// has its own rooms and readers and books from the clock's moment onwards, so the tests never meet. Everything is
/// counted in the service's own rows (bookings, members, violations, notices and their send attempts).
/// </summary>
internal sealed class ScheduleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    private TestDatabase _database = null!;
    private FakeTimeProvider _clock = null!;
    private ApiFactory _api = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 14, 9, 3, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        _api.Settings["Jobs:PollMilliseconds"] = "50";
        _api.Settings["Outbox:PollMilliseconds"] = "50";
        foreach (var (kind, fields) in new[]
        {
            ("room-starting", new[] { ("thing1", "{room:shorten}"), ("time2", "{date:date} {starts}-{ends}"), ("character_string3", "{roomCode}") }),
            ("room-released", [("thing1", "{room:shorten}"), ("time2", "{releasedOn:date} {releasedAt}"), ("thing3", "{reasonText:shorten}")]),
            ("room-lapsed", [("thing1", "{room:shorten}"), ("time2", "{date:date} {starts}-{ends}"), ("thing3", "{reasonText:shorten}")]),
        })
        {
            _api.Settings[$"Notices:Templates:{kind}:TemplateId"] = $"TEMPLATE_{kind}";
            foreach (var (field, pattern) in fields)
                _api.Settings[$"Notices:Templates:{kind}:Fields:{field}"] = pattern;
        }
        _ = _api.Services;
        await _database.OpenLibraryAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_no_show_is_released_when_check_in_closes_the_organiser_gets_a_violation_and_the_room_and_the_group_are_free_at_once()
    {
        await _api.AddReadersWithoutPinAsync(Reader("N0001"), Reader("N0002"), Reader("N0003"), Reader("N0004"));
        foreach (var card in new[] { "N0001", "N0002", "N0003" })
            await _api.BindWeChatAsync(card, $"oRoom{card}".PadRight(28, '0'));
        await _database.AddRoomAsync("N-301", minGroup: 2);
        await _database.AddRoomAsync("N-302", minGroup: 2);
        var start = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.FromMinutes(20));
        var booking = await _database.AddRoomBookingAsync("N0001", "N-301", start, start.AddHours(2), "confirmed", start.AddMinutes(-30),
            ("N0002", "confirmed"), ("N0003", "invited"));
        var organiser = (await _api.PatronAsync("N0001")).Id;
        var companion = (await _api.PatronAsync("N0002")).Id;

        // Fifteen minutes before the start, and not before, the confirmed members are reminded; the invited one is not.
        Jump(start.AddMinutes(-15).AddSeconds(-1));
        await _clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await CountAsync("select count(*) from notifications where kind = 'room-starting' and idempotency_key like @key", new { key = $"room-starting:{booking}:%" })).ShouldBe(0);
        var reminder = $"room-starting:{booking}:{organiser}";
        await _clock.RunUntilAsync(async () => await _database.StateAsync(reminder) == "sent", "the start reminder is sent", Step);
        (await CountAsync("select count(*) from notifications where idempotency_key like @key", new { key = $"room-starting:{booking}:%" })).ShouldBe(2);
        (await _database.NoticeAsync($"room-starting:{booking}:{companion}")).ShouldNotBeNull();

        // Until the last moment of the check-in window the booking stays.
        Jump(start.AddMinutes(15).AddSeconds(-1));
        await _clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await _database.RoomBookingAsync(booking)).Status.ShouldBe("confirmed");

        await _clock.RunUntilAsync(async () => (await _database.RoomBookingAsync(booking)).Status == "released", "the no-show is released", Step);
        var released = await _database.RoomBookingAsync(booking);
        released.EndReason.ShouldBe("no_show");
        released.EndedBy.ShouldBe("system");
        new DateTimeOffset(released.EndedAt!.Value, TimeSpan.Zero).ShouldBeLessThan(start.AddMinutes(15).AddSeconds(1));
        released.Holding.ShouldBe(0);
        (await CountAsync("""
            select count(*) from seat_violations
            where patron_id = @organiser and room_booking_id = @booking and booking_id is null and kind = 'room_no_show' and occurred_at = @at
            """, new { organiser, booking, at = start.AddMinutes(15).UtcDateTime })).ShouldBe(1);
        (await CountAsync("select count(*) from seat_violations where room_booking_id = @booking", new { booking })).ShouldBe(1);

        // The room's time is free at once for another reader, and the organiser may sit in another room at that time.
        await _database.AddRoomBookingAsync("N0004", "N-301", start.AddMinutes(30), start.AddHours(2), "confirmed", start);
        await _database.AddRoomBookingAsync("N0001", "N-302", start.AddMinutes(30), start.AddHours(1), "confirmed", start);

        // Every member is told once; the organiser with the violation; the violation shows in their seat standing.
        var toOrganiser = $"room-released:{booking}:{organiser}";
        await _clock.RunUntilAsync(async () => await _database.StateAsync(toOrganiser) == "sent", "the organiser's release notice is sent", Step);
        (await _database.AttemptsAsync(toOrganiser)).Count.ShouldBe(1);
        (await FieldAsync(toOrganiser, "violations")).ShouldBe("1");
        (await FieldAsync(toOrganiser, "reasonText")).ShouldBe("无人按时签到");
        (await FieldAsync($"room-released:{booking}:{companion}", "hint")).ShouldStartWith("无人在");
        (await CountAsync("select count(*) from notifications where idempotency_key like @key", new { key = $"room-released:{booking}:%" })).ShouldBe(3);
        var standing = await _api.Services.GetRequiredService<GetSeatStanding>().ForReaderAsync(organiser, CancellationToken.None);
        standing.Counting.ShouldBe(1);
        var shown = standing.InWindow.ShouldHaveSingleItem().Record;
        (shown.Violation.Kind, shown.Violation.BookingId, shown.SeatCode).ShouldBe((SeatViolation.RoomNoShow, booking, "N-301"));
    }

    [Test]
    public async Task A_group_not_confirmed_or_approved_by_its_deadline_lapses_then_and_every_member_still_in_it_is_told()
    {
        await _api.AddReadersWithoutPinAsync(Reader("L0001"), Reader("L0002"), Reader("L0003"), Reader("L0004", group: PatronGroup.Faculty), Reader("L0005"),
            Reader("L0006"));
        await _database.AddRoomAsync("L-401", minGroup: 3);
        await _database.AddRoomAsync("L-402", minGroup: 2, needsApproval: true);
        var deadline = _clock.GetUtcNow().AddMinutes(3).AddSeconds(17);
        var start = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.FromHours(1));
        var pending = await _database.AddRoomBookingAsync("L0001", "L-401", start, start.AddHours(1), "pending", deadline,
            ("L0002", "confirmed"), ("L0003", "declined"));
        var awaiting = await _database.AddRoomBookingAsync("L0004", "L-402", start, start.AddHours(1), "awaiting_approval", deadline, ("L0005", "confirmed"));

        Jump(deadline.AddSeconds(-1));
        await _clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await _database.RoomBookingAsync(pending)).Status.ShouldBe("pending");
        (await _database.RoomBookingAsync(awaiting)).Status.ShouldBe("awaiting_approval");

        await _clock.RunUntilAsync(async () => (await _database.RoomBookingAsync(awaiting)).Status == "lapsed", "both lapse", Step);
        foreach (var (booking, reason) in new[] { (pending, "not_confirmed"), (awaiting, "not_approved") })
        {
            var lapsed = await _database.RoomBookingAsync(booking);
            (lapsed.Status, lapsed.EndReason, lapsed.Holding).ShouldBe(("lapsed", reason, 0));
            // The schedule runs on the minute: a deadline between two runs is met by the next.
            new DateTimeOffset(lapsed.EndedAt!.Value, TimeSpan.Zero).ShouldBeInRange(deadline, NextMinute(deadline).AddSeconds(1));
        }
        (await CountAsync("select count(*) from seat_violations v join patrons p on p.id = v.patron_id where p.card_number like 'L%'")).ShouldBe(0);
        (await CountAsync("""
            select count(*) from notifications n join patrons p on p.id = n.patron_id
            where n.kind = 'room-lapsed' and p.card_number = any(@cards)
            """, new { cards = new[] { "L0001", "L0002", "L0004", "L0005" } })).ShouldBe(4);
        (await CountAsync("select count(*) from notifications where idempotency_key like @key", new { key = $"room-lapsed:{pending}:%" })).ShouldBe(2);
        (await FieldAsync($"room-lapsed:{awaiting}:{(await _api.PatronAsync("L0004")).Id}", "reasonText")).ShouldBe("未在时限内获批准");

        // The rooms are free again for the same time.
        await _database.AddRoomBookingAsync("L0006", "L-401", start, start.AddHours(1), "confirmed", start);
    }

    [Test]
    public async Task A_checked_in_booking_finishes_at_its_end_freeing_its_members_without_a_notice_or_a_violation()
    {
        await _api.AddReadersWithoutPinAsync(Reader("F0001"), Reader("F0002"));
        await _database.AddRoomAsync("F-501", minGroup: 2);
        var start = Support.Rooms.SlotAfter(_clock.GetUtcNow(), TimeSpan.Zero).AddMinutes(-30);
        var booking = await _database.AddRoomBookingAsync("F0001", "F-501", start, start.AddMinutes(60), "checked_in", start.AddMinutes(-30),
            ("F0002", "confirmed"));

        Jump(start.AddMinutes(60).AddSeconds(-1));
        await _clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await _database.RoomBookingAsync(booking)).Status.ShouldBe("checked_in");
        await _clock.RunUntilAsync(async () => (await _database.RoomBookingAsync(booking)).Status == "finished", "the booking finishes", Step);

        var finished = await _database.RoomBookingAsync(booking);
        (finished.EndReason, finished.Holding).ShouldBe(("finished", 0));
        await _clock.RunForAsync(TimeSpan.FromSeconds(2), Step);
        (await CountAsync("select count(*) from notifications where idempotency_key like @key", new { key = $"room-%:{booking}:%" })).ShouldBe(0);
        (await CountAsync("select count(*) from seat_violations where room_booking_id = @booking", new { booking })).ShouldBe(0);
    }

    private static DateTimeOffset NextMinute(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private void Jump(DateTimeOffset to)
    {
        to.ShouldBeGreaterThan(_clock.GetUtcNow());
        _clock.Advance(to - _clock.GetUtcNow());
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    private async Task<string?> FieldAsync(string key, string field)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<string?>("select fields ->> @field from notifications where idempotency_key = @key", new { key, field });
    }
}
