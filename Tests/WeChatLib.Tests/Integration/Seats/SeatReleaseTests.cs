using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Seats;

/// <summary>
/// The server's own schedule for seats, on the real scheduler with a fake library clock: releases at the very moment a
/// window closes, reminders once and never late, suspensions, and two instances releasing at once. Everything is
/// counted in the service's own rows (bookings, violations, notices and their send attempts).
/// </summary>
// The clock runs ten times faster than real time while sends take real time: on a busy machine a send could outlast its
// lease on that clock and leave twice, and each notice is counted as sent once. Run alone.
[NonParallelizable]
internal sealed class SeatReleaseTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    [Test]
    public async Task A_no_show_is_released_by_the_schedule_when_its_window_closes_and_its_seat_is_free_again_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = Tomorrow();
        var clock = new FakeTimeProvider(Local(day, 7, 19));
        await using var api = Instance(database, clock);
        api.Settings["Notices:QuietHoursStart"] = "22:30";
        api.Settings["Notices:QuietHoursEnd"] = "07:30";
        api.Settings["Jwt:AccessTokenMinutes"] = "60";
        _ = api.Services;
        await database.OpenLibraryAsync();
        await api.AddReadersWithoutPinAsync(Reader("A0001"), Reader("B0001"), Reader("C0001"), Reader("D0001"));
        await api.BindWeChatAsync("A0001", "oSeatA000100000000000000000");
        using var other = api.ClientWith((await api.ReaderTokensAsync("B0001", "oSeatB000100000000000000000")).AccessToken);
        using var latecomer = api.ClientWith((await api.ReaderTokensAsync("D0001", "oSeatD000100000000000000000")).AccessToken);
        var seats = await database.AddSeatZoneAsync("quiet-2f", 2);
        var zone = await database.SeatCountAsync("select zone_id from seats where code = @code", new { code = seats[0] });
        var booking = await database.AddSeatBookingAsync("A0001", seats[0], Local(day, 7, 0), Local(day, 11, 0));
        // The zone's other seat is taken by a reader who checked in: the zone is full until the no-show goes.
        await database.AddSeatBookingAsync("C0001", seats[1], Local(day, 7, 0), Local(day, 11, 0), "checked_in");
        var reminderKey = $"seat-checkin-closing:{booking}";

        // Ten minutes before the window closes, and not before, the reminder is queued: held by quiet hours (until 07:30).
        await clock.RunForAsync(TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(1));
        (await database.NoticeAsync(reminderKey)).ShouldBeNull();
        await clock.RunUntilAsync(async () => await database.NoticeAsync(reminderKey) is not null, "the reminder is queued", Step);
        clock.GetUtcNow().ShouldBeGreaterThanOrEqualTo(Local(day, 7, 20));
        (await database.StateAsync(reminderKey)).ShouldBe("held");

        // Until the last moment of the window the seat stays booked.
        Jump(clock, Local(day, 7, 29, 59));
        await clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await database.SeatBookingAsync(booking)).Status.ShouldBe("booked");
        (await latecomer.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await FreeNowAsync(latecomer, zone)).ShouldBe(0);

        await clock.RunUntilAsync(async () => (await database.SeatBookingAsync(booking)).Status == "released", "the no-show is released", Step);
        var released = await database.SeatBookingAsync(booking);
        released.EndReason.ShouldBe(SeatEndReason.NoShow);
        released.EndedBy.ShouldBe("system");
        var endedAt = new DateTimeOffset(released.EndedAt!.Value, TimeSpan.Zero);
        endedAt.ShouldBeGreaterThanOrEqualTo(Local(day, 7, 30));
        endedAt.ShouldBeLessThan(Local(day, 7, 30, 1));
        (await database.SeatCountAsync("select count(*) from seat_violations where booking_id = @booking and kind = 'no_show' and occurred_at = @at",
            new { booking, at = Local(day, 7, 30).UtcDateTime })).ShouldBe(1);

        // The seat is free again at once: the zone list counts it, and another reader books it by its code from now.
        (await FreeNowAsync(latecomer, zone)).ShouldBe(1);
        var rebooked = await other.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = seats[0] });
        rebooked.StatusCode.ShouldBe(HttpStatusCode.Created, await rebooked.Content.ReadAsStringAsync());
        var view = (await rebooked.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)view["seat"]).ShouldBe(seats[0]);
        var starts = view["starts"]!.GetValue<DateTimeOffset>();
        starts.ShouldBeGreaterThanOrEqualTo(Local(day, 7, 30));
        starts.ShouldBeLessThanOrEqualTo(clock.GetUtcNow());
        (await database.SeatBookingsOfAsync("B0001")).ShouldHaveSingleItem().Status.ShouldBe("booked");
        (await latecomer.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The reader is told once, with the time and the reason; the reminder, its moment past, is dropped unsent.
        var releasedKey = $"seat-released:{booking}";
        await clock.RunUntilAsync(async () => await database.StateAsync(releasedKey) == "sent", "the release notice is sent", Step);
        (await database.AttemptsAsync(releasedKey)).Count.ShouldBe(1);
        (await FieldAsync(database, releasedKey, "releasedAt")).ShouldBe("07:30");
        (await FieldAsync(database, releasedKey, "reasonText")).ShouldBe("未按时签到");
        await clock.RunUntilAsync(async () => await database.StateAsync(reminderKey) == "dropped", "the stale reminder is dropped", Step);
        (await database.AttemptsAsync(reminderKey)).ShouldBeEmpty();
        (await database.SeatCountAsync("select count(*) from notifications where idempotency_key like 'seat-%' and kind <> 'seat-booked'")).ShouldBe(2);
        (await database.SeatCountAsync("select count(*) from notifications where kind = 'seat-booked'")).ShouldBe(1);
    }

    [Test]
    public async Task At_seven_the_chat_and_rest_book_seats_of_a_branch_opening_at_eight_from_eight()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = Tomorrow();
        var clock = new FakeTimeProvider(Local(day, 7, 0));
        await using var api = Instance(database, clock, jobs: false);
        _ = api.Services;
        await database.OpenLibraryAsync();
        await using (var connection = database.Open())
            await connection.ExecuteAsync("update branch_opening_hours set opens_at = '08:00', closes_at = '22:00'");
        await api.AddReadersWithoutPinAsync(Reader("A0001"), Reader("B0001"));
        await api.BindWeChatAsync("A0001", "oSeatA000100000000000000000");
        using var rest = api.ClientWith((await api.ReaderTokensAsync("B0001", "oSeatB000100000000000000000")).AccessToken);
        var seats = await database.AddSeatZoneAsync("quiet-2f", 2);
        var zone = await database.SeatCountAsync("select zone_id from seats where code = @code", new { code = seats[0] });

        var wechat = new WeChatSender(api.CreateClient());
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var listed = WeChatSender.ContentOf((await wechat.SafeAsync(WeChatSender.Text("oSeatA000100000000000000000", "座位"), timestamp: timestamp)).Reply);
        var number = Regex.Match(listed, @"(?m)^(\d+)\. 二楼自习区 ·").Groups[1].Value;
        number.ShouldNotBeEmpty(listed);
        var chat = WeChatSender.ContentOf((await wechat.SafeAsync(WeChatSender.Text("oSeatA000100000000000000000", $"订座 {number}"), timestamp: timestamp)).Reply);
        var booked = await rest.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone });

        chat.ShouldStartWith($"已预订 二楼自习区 {seats[0]}，08:00–12:00。", Case.Sensitive, chat);
        booked.StatusCode.ShouldBe(HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        var view = (await booked.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)view["seat"]).ShouldBe(seats[1]);
        view["starts"]!.GetValue<DateTimeOffset>().ShouldBe(Local(day, 8, 0));
        view["ends"]!.GetValue<DateTimeOffset>().ShouldBe(Local(day, 12, 0));
        foreach (var card in new[] { "A0001", "B0001" })
        {
            var mine = (await database.SeatBookingsOfAsync(card)).ShouldHaveSingleItem();
            new DateTimeOffset(mine.Starts, TimeSpan.Zero).ShouldBe(Local(day, 8, 0));
        }
    }

    [Test]
    public async Task A_leave_overrun_is_released_when_the_leave_ends_after_one_reminder_and_a_finished_booking_counts_no_violation()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = Tomorrow();
        var clock = new FakeTimeProvider(Local(day, 9, 54, 30));
        await using var api = Instance(database, clock);
        _ = api.Services;
        await database.OpenLibraryAsync();
        await api.AddReadersWithoutPinAsync(Reader("A0001"), Reader("B0001"), Reader("C0001"));
        await api.BindWeChatAsync("A0001", "oSeatA000100000000000000000");
        var seats = await database.AddSeatZoneAsync("quiet-2f", 3);
        var onLeave = await database.AddSeatBookingAsync("A0001", seats[0], Local(day, 8, 0), Local(day, 12, 0), "on_leave", Local(day, 10, 0));
        var sitting = await database.AddSeatBookingAsync("B0001", seats[1], Local(day, 8, 0), Local(day, 10, 0), "checked_in");
        var reminderKey = $"seat-leave-ending:{onLeave}:{Local(day, 10, 0).ToUnixTimeSeconds()}";

        await clock.RunUntilAsync(async () => await database.StateAsync(reminderKey) == "sent", "the leave reminder is sent", Step);
        clock.GetUtcNow().ShouldBeGreaterThanOrEqualTo(Local(day, 9, 55));
        (await database.AttemptsAsync(reminderKey)).Count.ShouldBe(1);
        (await FieldAsync(database, reminderKey, "leaveUntil")).ShouldBe("10:00");

        Jump(clock, Local(day, 9, 59, 59));
        await clock.RunForAsync(TimeSpan.FromMilliseconds(800), Step);
        (await database.SeatBookingAsync(onLeave)).Status.ShouldBe("on_leave");

        await clock.RunUntilAsync(async () => (await database.SeatBookingAsync(onLeave)).Status == "released", "the overrun is released", Step);
        var released = await database.SeatBookingAsync(onLeave);
        released.EndReason.ShouldBe(SeatEndReason.LeaveOverrun);
        new DateTimeOffset(released.EndedAt!.Value, TimeSpan.Zero).ShouldBeLessThan(Local(day, 10, 0, 1));
        await database.AddSeatBookingAsync("C0001", seats[0], Local(day, 10, 5), Local(day, 11, 0));

        var finished = await database.SeatBookingAsync(sitting);
        finished.Status.ShouldBe("finished");
        finished.EndReason.ShouldBe(SeatEndReason.TimeUp);
        (await database.SeatCountAsync("select count(*) from seat_violations")).ShouldBe(1);
        await clock.RunUntilAsync(async () => await database.StateAsync($"seat-released:{onLeave}") == "sent", "the release notice is sent", Step);
        (await database.SeatCountAsync("select count(*) from notifications where idempotency_key like 'seat-%'")).ShouldBe(2);
        await clock.RunForAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(30));
        (await database.AttemptsAsync(reminderKey)).Count.ShouldBe(1);
    }

    [Test]
    public async Task The_third_violation_in_thirty_days_suspends_seat_booking_for_seven_days_with_one_notice()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = Tomorrow();
        var clock = new FakeTimeProvider(Local(day, 8, 29, 50));
        await using var api = Instance(database, clock);
        _ = api.Services;
        await database.OpenLibraryAsync();
        await api.AddReadersWithoutPinAsync(Reader("A0001"));
        await api.BindWeChatAsync("A0001", "oSeatA000100000000000000000");
        var seats = await database.AddSeatZoneAsync("quiet-2f", 1);
        await database.AddSeatViolationAsync("A0001", seats[0], Local(day, 8, 30).AddDays(-29));
        await database.AddSeatViolationAsync("A0001", seats[0], Local(day, 8, 30).AddDays(-2), "leave_overrun");
        var booking = await database.AddSeatBookingAsync("A0001", seats[0], Local(day, 8, 0), Local(day, 12, 0));

        await clock.RunUntilAsync(async () => await database.SeatCountAsync("select count(*) from seat_suspensions") > 0, "the reader is suspended", Step);
        await using var connection = database.Open();
        var suspension = await connection.QuerySingleAsync<(long Id, DateTime StartsAt, DateTime EndsAt, string Reason, long ViolationId)>(
            "select id, starts_at, ends_at, reason, violation_id from seat_suspensions");
        (suspension.EndsAt - suspension.StartsAt).ShouldBe(TimeSpan.FromDays(7));
        suspension.Reason.ShouldBe("30天内违约3次");
        (await connection.ExecuteScalarAsync<long>("select booking_id from seat_violations where id = @ViolationId", new { suspension.ViolationId })).ShouldBe(booking);

        var key = $"seat-suspended:{suspension.Id}";
        await clock.RunUntilAsync(async () => await database.StateAsync(key) == "sent", "the suspension notice is sent", Step);
        (await FieldAsync(database, key, "until")).ShouldBe(Iso(day.AddDays(7)));
        await clock.RunForAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(20));
        (await database.SeatCountAsync("select count(*) from seat_suspensions")).ShouldBe(1);
        (await database.SeatCountAsync("select count(*) from notifications where kind = 'seat-suspended'")).ShouldBe(1);
        (await database.AttemptsAsync(key)).Count.ShouldBe(1);
    }

    [Test]
    public async Task Two_instances_catching_up_at_the_same_moment_release_each_booking_once_with_one_violation_and_one_notice()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = Tomorrow();
        // The service was down from 08:00: the windows closed at 08:30 and the first runs come at 09:45.
        var clock = new FakeTimeProvider(Local(day, 9, 45));
        await using var first = Instance(database, clock, jobs: false);
        await using var second = Instance(database, clock, jobs: false);
        _ = first.Services;
        _ = second.Services;
        await database.OpenLibraryAsync();
        var cards = Enumerable.Range(1, 40).Select(i => $"R{i:0000}").ToArray();
        await first.AddReadersWithoutPinAsync([.. cards.Select(c => Reader(c))]);
        var seats = await database.AddSeatZoneAsync("quiet-2f", 40);
        foreach (var (card, i) in cards.Select((c, i) => (c, i)))
        {
            await database.AddSeatBookingAsync(card, seats[i], Local(day, 8, 0), Local(day, 12, 0));
            // Ten readers have two violations this month (the third suspends them); one has two from long ago.
            if (i < 10 || i == 10)
            {
                await database.AddSeatViolationAsync(card, seats[i], Local(day, 8, 0).AddDays(i == 10 ? -40 : -20));
                await database.AddSeatViolationAsync(card, seats[i], Local(day, 8, 0).AddDays(i == 10 ? -35 : -3));
            }
        }

        var instances = new[] { first.Services.GetRequiredService<ReleaseSeats>(), second.Services.GetRequiredService<ReleaseSeats>() };
        using var start = new SemaphoreSlim(0);
        var runs = Enumerable.Range(0, 40).Select(async i =>
        {
            await start.WaitAsync();
            return await instances[i % 2].HandleAsync(CancellationToken.None);
        }).ToList();
        start.Release(runs.Count);
        var reports = await Task.WhenAll(runs);
        reports.Sum(r => r.Released).ShouldBe(40);
        reports.Sum(r => r.Suspended).ShouldBe(10);
        await instances[0].HandleAsync(CancellationToken.None);

        (await database.SeatCountAsync("select count(*) from seat_bookings where end_reason = 'no_show' and ended_at = @at",
            new { at = Local(day, 9, 45).UtcDateTime })).ShouldBe(40);
        (await database.SeatCountAsync("select count(*) from seat_violations where occurred_at = @at",
            new { at = Local(day, 8, 30).UtcDateTime })).ShouldBe(40);
        (await database.SeatCountAsync("select count(*) from notifications where kind = 'seat-released'")).ShouldBe(40);
        (await database.SeatCountAsync("select count(distinct patron_id) from notifications where kind = 'seat-released'")).ShouldBe(40);
        (await database.SeatCountAsync("select count(*) from audit_log where action = 'seat-booking.released'")).ShouldBe(40);
        (await database.SeatCountAsync("""
            select count(*) from seat_suspensions s join patrons p on p.id = s.patron_id
            where p.card_number = any(@suspended) and s.ends_at - s.starts_at = interval '7 days'
            """, new { suspended = cards[..10] })).ShouldBe(10);
        (await database.SeatCountAsync("select count(*) from seat_suspensions")).ShouldBe(10);
        (await database.SeatCountAsync("""
            select count(*) from notifications n join seat_suspensions s on n.idempotency_key = 'seat-suspended:' || s.id
            where n.kind = 'seat-suspended'
            """)).ShouldBe(10);
        (await database.SeatCountAsync("select count(*) from notifications where kind = 'seat-suspended'")).ShouldBe(10);
    }

    private static ApiFactory Instance(TestDatabase database, FakeTimeProvider clock, bool jobs = true)
    {
        var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:Enabled"] = jobs ? "true" : "false";
        api.Settings["Jobs:PollMilliseconds"] = "50";
        api.Settings["Outbox:PollMilliseconds"] = "50";
        api.Settings["Outbox:WorkersEnabled"] = jobs ? "true" : "false";
        api.Settings["Notices:Templates:seat-released:TemplateId"] = "TEMPLATE_SEAT_RELEASED";
        api.Settings["Notices:Templates:seat-released:Fields:thing1"] = "{zone:shorten}";
        api.Settings["Notices:Templates:seat-released:Fields:character_string2"] = "{seat}";
        api.Settings["Notices:Templates:seat-released:Fields:time3"] = "{releasedAt}";
        api.Settings["Notices:Templates:seat-released:Fields:thing4"] = "{reasonText}";
        api.Settings["Notices:Templates:seat-suspended:TemplateId"] = "TEMPLATE_SEAT_SUSPENDED";
        api.Settings["Notices:Templates:seat-suspended:Fields:thing1"] = "{reasonText:shorten}";
        api.Settings["Notices:Templates:seat-suspended:Fields:time2"] = "{until:date} {untilTime}";
        api.Settings["Notices:Templates:seat-checkin-closing:TemplateId"] = "TEMPLATE_SEAT_CHECKIN";
        api.Settings["Notices:Templates:seat-checkin-closing:Fields:character_string1"] = "{seat}";
        api.Settings["Notices:Templates:seat-checkin-closing:Fields:time2"] = "{checkinBy}";
        api.Settings["Notices:Templates:seat-leave-ending:TemplateId"] = "TEMPLATE_SEAT_LEAVE";
        api.Settings["Notices:Templates:seat-leave-ending:Fields:character_string1"] = "{seat}";
        api.Settings["Notices:Templates:seat-leave-ending:Fields:time2"] = "{leaveUntil}";
        return api;
    }

    private static DateOnly Tomorrow() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime).AddDays(1);

    private static DateTimeOffset Local(DateOnly date, int hour, int minute, int second = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute, second));
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local)).ToUniversalTime();
    }

    private static void Jump(FakeTimeProvider clock, DateTimeOffset to)
    {
        to.ShouldBeGreaterThan(clock.GetUtcNow());
        clock.Advance(to - clock.GetUtcNow());
    }

    private static async Task<int?> FreeNowAsync(HttpClient reader, long zone) =>
        (int?)(await reader.GetFromJsonAsync<JsonArray>(Url("/api/v1/seat-zones")))!.Single(z => (long?)z!["id"] == zone)!["freeNow"];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string?> FieldAsync(TestDatabase database, string key, string field)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string?>(
            "select fields ->> @field from notifications where idempotency_key = @key", new { key, field });
    }
}
