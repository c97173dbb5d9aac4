using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Seats;

/// <summary>
/// Seat booking through REST on the real database and Redis, one service for the fixture on a controlled clock. Each
/// test has its own zone and readers, so they do not meet; the clock only moves forward.
/// </summary>
internal sealed class SeatBookingApiTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private FakeTimeProvider _clock = null!;
    private HttpClient _desk = null!;
    private readonly Queue<HttpClient> _readers = new();

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        // Nine in the morning of the library's day: the tests book within one library day.
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).DateTime);
        _clock = new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), shanghai.GetUtcOffset(DateTime.UtcNow)).ToUniversalTime());
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        // Tokens are issued once for the fixture and checked on its clock, which its tests move on by under an hour.
        _api.Settings["Jwt:AccessTokenMinutes"] = "60";
        // Booking itself, window edge by window edge: the release job, tested on its own, would race the edges.
        _api.Settings["Jobs:Enabled"] = "false";
        _api.Settings["RateLimits:SeatRequests:PerMinute"] = "10";
        _ = _api.Services;
        await _database.OpenLibraryAsync();
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("update branch_opening_hours set opens_at = '00:00', closes_at = '23:59'");
        _desk = _api.ClientWith((await _api.StaffTokensAsync("seat-desk", StaffRole.Circulation)).AccessToken);
        var cards = Enumerable.Range(1, 90).Select(i => $"S{i:0000}").ToList();
        await _api.AddReadersAsync([.. cards.Select(c => Reader(c))]);
        var clients = new ConcurrentDictionary<string, HttpClient>();
        await Parallel.ForEachAsync(cards, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (card, _) =>
            clients[card] = _api.ClientWith((await _api.ReaderTokensAsync(card, $"oSeat{card}".PadRight(28, '0'))).AccessToken));
        foreach (var card in cards)
            _readers.Enqueue(clients[card]);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _desk?.Dispose();
        while (_readers.TryDequeue(out var reader))
            reader.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Forty_readers_booking_one_seat_at_once_make_one_booking_and_thirty_nine_are_told_it_is_taken_with_other_free_seats()
    {
        var zone = await ZoneWithSeatsAsync("race", 6);
        var readers = await ReadersAsync(40);
        var noticesBefore = await _database.NoticeCountAsync("seat-booked:");

        var answers = await Task.WhenAll(readers.Select(r => r.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "RACE-01", minutes = 60 })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var taken = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        taken.Count.ShouldBe(39);
        foreach (var answer in taken)
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            ((string?)problem["type"]).ShouldBe("/problems/seat-taken");
            var nearest = problem["nearest"]!.AsArray().Select(s => (string?)s!["code"]).ToList();
            nearest.ShouldBe(["RACE-02", "RACE-03", "RACE-04"]);
        }
        (await LiveBookingsAsync(zone)).ShouldBe(1);
        (await _database.NoticeCountAsync("seat-booked:")).ShouldBe(noticesBefore + 1);
    }

    [Test]
    public async Task Forty_parallel_bookings_by_one_reader_make_one_booking_and_past_ten_a_minute_are_asked_to_wait()
    {
        var zone = await ZoneWithSeatsAsync("solo", 10);
        var readers = await ReadersAsync(2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            readers[0].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone, minutes = 60 })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBe(9);
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.UnprocessableEntity))
            (await CodesAsync(refused)).ShouldBe(["already_booked"]);
        var waiting = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        waiting.Count.ShouldBe(30);
        foreach (var answer in waiting)
        {
            ((string?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["type"]).ShouldBe("/problems/too-many-requests");
            int.Parse(answer.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        }
        (await LiveBookingsAsync(zone)).ShouldBe(1);
        // The limit is the reader's own: another reader books at once.
        (await readers[1].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone, minutes = 60 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Test]
    public async Task A_full_zone_answers_taken_from_its_mark_until_a_booking_of_it_ends_or_two_seconds_pass()
    {
        var zone = await ZoneWithSeatsAsync("full", 2);
        var readers = await ReadersAsync(5);
        async Task<HttpStatusCode> BookBestAsync(HttpClient reader) =>
            (await reader.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone, minutes = 60 })).StatusCode;
        (await BookBestAsync(readers[0])).ShouldBe(HttpStatusCode.Created);
        (await BookBestAsync(readers[1])).ShouldBe(HttpStatusCode.Created);
        (await BookBestAsync(readers[2])).ShouldBe(HttpStatusCode.Conflict);

        // A seat appears behind the service's back: the mark still answers, as it does during a rush.
        await using (var connection = _database.Open())
            await connection.ExecuteAsync("insert into seats (zone_id, code) values (@zone, 'FULL-03')", new { zone });
        (await BookBestAsync(readers[2])).ShouldBe(HttpStatusCode.Conflict);
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await BookBestAsync(readers[2])).ShouldBe(HttpStatusCode.Created);

        // Full again, and marked so; a cancellation frees a seat, and the next reader gets it at once.
        (await BookBestAsync(readers[3])).ShouldBe(HttpStatusCode.Conflict);
        var first = (await readers[0].GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!["bookings"]!.AsArray()[0]!;
        (await readers[0].DeleteAsync(Url($"/api/v1/me/seat-bookings/{(long)first["id"]!}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await BookBestAsync(readers[3])).ShouldBe(HttpStatusCode.Created);
        (await LiveBookingsAsync(zone)).ShouldBe(3);
    }

    [Test]
    public async Task Check_in_opens_fifteen_minutes_before_the_start_at_the_booked_seat_only_and_closes_thirty_minutes_after()
    {
        await ZoneWithSeatsAsync("chk", 3);
        var readers = await ReadersAsync(3);
        var now = Minute(_clock.GetUtcNow());
        var early = await BookAsync(readers[0], "CHK-01", now.AddMinutes(20));
        var late = await BookAsync(readers[1], "CHK-02", now.AddMinutes(20));
        var lateToo = await BookAsync(readers[2], "CHK-03", now.AddMinutes(20));
        _clock.Advance(now.AddMinutes(4) - _clock.GetUtcNow());

        (await CodesAsync(await CheckInAsync(readers[0], early, "CHK-01"))).ShouldBe(["checkin_not_open"]);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var wrong = await CheckInAsync(readers[0], early, "CHK-02");
        var reason = (await ReasonsAsync(wrong)).ShouldHaveSingleItem()!;
        ((string?)reason["code"]).ShouldBe("wrong_seat");
        ((string?)reason["parameters"]!["booked_seat"]).ShouldBe("CHK-01");
        var seated = await CheckInAsync(readers[0], early, "https://lib.example.edu.cn/seat?code=CHK-01");
        seated.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await seated.Content.ReadFromJsonAsync<JsonObject>())!["status"]).ShouldBe("checked_in");

        _clock.Advance(now.AddMinutes(49) - _clock.GetUtcNow());
        (await CheckInAsync(readers[1], late, "CHK-02")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await CodesAsync(await CheckInAsync(readers[2], lateToo, "CHK-03"))).ShouldBe(["checkin_closed"]);
    }

    [Test]
    public async Task Closing_a_zone_cancels_the_live_bookings_it_meets_each_with_a_notice_and_an_audit_row()
    {
        var zone = await ZoneWithSeatsAsync("exam", 3);
        var readers = await ReadersAsync(3);
        var now = Minute(_clock.GetUtcNow());
        var met = await BookAsync(readers[0], "EXAM-01", now.AddMinutes(30));
        var alsoMet = await BookAsync(readers[1], "EXAM-02", now.AddMinutes(60));
        var auditsBefore = await _database.AuditCountAsync("seat.cancelled_by_closure");

        var closed = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-zones/{zone}/closures"),
            new { from = now.AddMinutes(45), until = now.AddMinutes(120), reason = "期末考试" });

        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await closed.Content.ReadFromJsonAsync<JsonObject>())!["cancelledBookings"]!.AsArray().Select(b => (long)b!).ShouldBe([met, alsoMet], ignoreOrder: true);
        (await StatusAsync(met)).ShouldBe(("cancelled", "zone_closed"));
        (await StatusAsync(alsoMet)).ShouldBe(("cancelled", "zone_closed"));
        (await _database.NoticeKeysAsync($"seat-cancelled:{met}")).ShouldHaveSingleItem();
        (await _database.NoticeKeysAsync($"seat-cancelled:{alsoMet}")).ShouldHaveSingleItem();
        (await _database.AuditCountAsync("seat.cancelled_by_closure")).ShouldBe(auditsBefore + 2);
        var refused = await readers[2].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "EXAM-03", starts = now.AddMinutes(50), minutes = 30 });
        (await CodesAsync(refused)).ShouldBe(["zone_closed"]);
    }

    [Test]
    public async Task A_closure_waits_for_a_booking_in_flight_and_cancels_it()
    {
        var zone = await ZoneWithSeatsAsync("inflight", 2);
        var now = Minute(_clock.GetUtcNow());
        await using var inFlight = _database.Open();
        await using var booking = await inFlight.BeginTransactionAsync();
        // A booking between its read of the closures and its commit: the zone share-locked, its row inserted.
        var patron = await inFlight.ExecuteScalarAsync<long>("""
            insert into patrons (card_number, name, patron_group, expires_on) values ('INFL-0001', '在途读者', 'undergraduate', current_date + 365)
            returning id
            """, transaction: booking);
        await inFlight.ExecuteAsync("select 1 from seat_zones where id = @zone for key share", new { zone }, booking);
        var bookingId = await inFlight.ExecuteScalarAsync<long>("""
            insert into seat_bookings (seat_id, patron_id, during)
            select id, @patron, tstzrange(@from, @to, '[)') from seats where code = 'INFLIGHT-01' returning id
            """, new { patron, from = now.AddMinutes(30), to = now.AddMinutes(90) }, booking);

        var closing = _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-zones/{zone}/closures"),
            new { from = now, until = now.AddMinutes(120), reason = "设备检修" });
        await Task.Delay(300);
        closing.IsCompleted.ShouldBeFalse("the closure waits for the booking in flight");
        await booking.CommitAsync();

        (await closing).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(bookingId)).ShouldBe(("cancelled", "zone_closed"));
        (await LiveBookingsAsync(zone)).ShouldBe(0);
    }

    [Test]
    public async Task A_booking_that_meets_a_closure_being_saved_waits_for_it_and_is_refused()
    {
        var zone = await ZoneWithSeatsAsync("saving", 2);
        var reader = (await ReadersAsync(1))[0];
        var now = Minute(_clock.GetUtcNow());
        await using var staff = _database.Open();
        await using var closure = await staff.BeginTransactionAsync();
        await staff.ExecuteAsync("select 1 from seat_zones where id = @zone for update", new { zone }, closure);
        await staff.ExecuteAsync("insert into seat_zone_closures (zone_id, during, reason, closed_by) values (@zone, tstzrange(@from, @to, '[)'), '讲座', 'staff:0')",
            new { zone, from = now, to = now.AddMinutes(120) }, closure);

        var booking = reader.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "SAVING-01", starts = now.AddMinutes(30), minutes = 30 });
        await Task.Delay(300);
        booking.IsCompleted.ShouldBeFalse("the booking waits for the closure being saved");
        await closure.CommitAsync();

        (await CodesAsync(await booking)).ShouldBe(["zone_closed"]);
        (await LiveBookingsAsync(zone)).ShouldBe(0);
    }

    [Test]
    public async Task A_seat_only_locked_by_another_attempt_does_not_mark_the_zone_full()
    {
        var zone = await ZoneWithSeatsAsync("locked", 1);
        var readers = await ReadersAsync(2);
        await using var attempt = _database.Open();
        await using (var other = await attempt.BeginTransactionAsync())
        {
            // Another booking attempt holds the zone's only seat locked, then gives it up.
            await attempt.ExecuteAsync("select 1 from seats where code = 'LOCKED-01' for no key update", transaction: other);
            var answer = await readers[0].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone, minutes = 60 });
            answer.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var nearest = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["nearest"]!.AsArray();
            ((string?)nearest.ShouldHaveSingleItem()!["code"]).ShouldBe("LOCKED-01");
            await other.RollbackAsync();
        }

        (await readers[1].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { zoneId = zone, minutes = 60 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Test]
    public async Task Staff_see_who_sits_where_and_a_seat_they_release_can_be_booked_by_another_reader_at_once()
    {
        var zone = await ZoneWithSeatsAsync("desk", 1);
        var readers = await ReadersAsync(2);
        var booking = await BookAsync(readers[0], "DESK-01", null);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var zones = (await readers[1].GetFromJsonAsync<JsonArray>(Url("/api/v1/seat-zones?branch=main")))!;
        var listed = zones.Single(z => (long?)z!["id"] == zone)!;
        ((int?)listed["seats"]).ShouldBe(1);
        ((int?)listed["freeNow"]).ShouldBe(0);

        var occupants = (await _desk.GetFromJsonAsync<JsonArray>(Url($"/api/v1/staff/seat-occupancy?zoneId={zone}")))!;
        var occupant = occupants.ShouldHaveSingleItem()!;
        ((string?)occupant["seat"]).ShouldBe("DESK-01");
        ((long?)occupant["bookingId"]).ShouldBe(booking);
        ((string?)occupant["readerName"]).ShouldBe("测试读者");

        var released = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "读者已离馆" });

        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(booking)).ShouldBe(("released", "released_by_staff"));
        (await _database.SeatCountAsync("select count(*)::int from audit_log where action = 'seat.released' and target = @target",
            new { target = $"seat-booking:{booking}" })).ShouldBe(1);
        (await _database.NoticeKeysAsync($"seat-cancelled:{booking}")).ShouldHaveSingleItem("the reader is told their seat was released");
        (await readers[1].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "DESK-01", minutes = 30 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "再次释放" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var mine = (await readers[0].GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!["bookings"]!.AsArray();
        ((string?)mine.ShouldHaveSingleItem()!["endReason"]).ShouldBe("released_by_staff");
    }

    [Test]
    public async Task A_staff_release_s_reason_reaches_the_audit_the_reader_s_notice_and_their_seat_list_and_a_second_release_is_a_conflict()
    {
        await ZoneWithSeatsAsync("why", 1);
        var reader = (await ReadersAsync(1))[0];
        var booking = await BookAsync(reader, "WHY-01", null);

        var released = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "  座位上无人，物品已交服务台  " });

        released.StatusCode.ShouldBe(HttpStatusCode.OK, await released.Content.ReadAsStringAsync());
        ((string?)(await released.Content.ReadFromJsonAsync<JsonObject>())!["endNote"]).ShouldBe("座位上无人，物品已交服务台");
        (await StatusAsync(booking)).ShouldBe(("released", "released_by_staff"));
        (await AuditDetailAsync("seat.released", booking, "reason")).ShouldBe("座位上无人，物品已交服务台");
        (await NoticeFieldAsync($"seat-cancelled:{booking}", "reason")).ShouldBe("馆员释放：座位上无人，物品已交服务台");
        (await NoticeFieldAsync($"seat-cancelled:{booking}", "hint")).ShouldBe("工作人员已释放您的座位 WHY-01：座位上无人，物品已交服务台");
        var mine = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)mine["endNote"]).ShouldBe("座位上无人，物品已交服务台");
        ((string?)mine["ended"]).ShouldEndWith("由馆员释放：座位上无人，物品已交服务台");

        var again = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "又一次" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        ((string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["type"]).ShouldBe("/problems/conflict");
        (await _database.SeatCountAsync("select count(*)::int from audit_log where target = @target", new { target = $"seat-booking:{booking}" }))
            .ShouldBe(2, "the booking and the one release; the refused release records nothing");
    }

    [Test]
    public async Task The_reader_s_seat_list_names_the_booking_that_ended_last_not_the_one_that_starts_last_and_keeps_it_beside_a_new_booking()
    {
        await ZoneWithSeatsAsync("last", 3);
        var reader = (await ReadersAsync(1))[0];
        var empty = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!;
        empty["lastEnded"].ShouldBeNull("nothing has ended yet");
        var later = await BookAsync(reader, "LAST-02", _clock.GetUtcNow().AddHours(3));
        (await reader.DeleteAsync(Url($"/api/v1/me/seat-bookings/{later}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var now = await BookAsync(reader, "LAST-01", null);
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{now}/release"), new { reason = "邻座反映长时间无人" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var mine = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!;

        ((long?)mine["bookings"]![0]!["id"]).ShouldBe(later, "the list runs by start, and the cancelled booking starts later");
        var last = mine["lastEnded"].ShouldNotBeNull();
        ((long?)last["id"]).ShouldBe(now, "the booking whose end came last, as 我的座位 in the chat says");
        ((string?)last["seat"]).ShouldBe("LAST-01");
        ((string?)last["endNote"]).ShouldBe("邻座反映长时间无人");
        ((string?)last["ended"]).ShouldEndWith("由馆员释放：邻座反映长时间无人");

        var again = await BookAsync(reader, "LAST-03", null);
        var withLive = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!;
        ((long?)withLive["bookings"]![0]!["id"]).ShouldBe(again);
        ((long?)withLive["lastEnded"]!["id"]).ShouldBe(now, "a new booking does not hide how the last one ended");
    }

    [Test]
    public async Task A_reader_who_reads_english_is_told_the_staff_s_reason_in_english()
    {
        await ZoneWithSeatsAsync("whyen", 1);
        var reader = (await ReadersAsync(1))[0];
        (await reader.PutAsJsonAsync(Url("/api/v1/me/preferences"), new { language = "en" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var booking = await BookAsync(reader, "WHYEN-01", null);

        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-bookings/{booking}/release"), new { reason = "Bag left unattended for two hours" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await NoticeFieldAsync($"seat-cancelled:{booking}", "hint")).ShouldBe("Library staff released your seat WHYEN-01: Bag left unattended for two hours");
        var mine = (await reader.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)mine["ended"]).ShouldEndWith("by staff: Bag left unattended for two hours");
    }

    [Test]
    public async Task A_release_without_a_readable_one_line_reason_of_at_most_two_hundred_characters_is_refused_and_the_seat_stays_booked()
    {
        await ZoneWithSeatsAsync("noreason", 1);
        var reader = (await ReadersAsync(1))[0];
        var booking = await BookAsync(reader, "NOREASON-01", null);
        var url = Url($"/api/v1/staff/seat-bookings/{booking}/release");

        var refusals = new[]
        {
            await _desk.PostAsync(url, null),
            await _desk.PostAsJsonAsync(url, new { }),
            await _desk.PostAsJsonAsync(url, new { reason = "   " }),
            await _desk.PostAsJsonAsync(url, new { reason = new string('占', 201) }),
            await _desk.PostAsJsonAsync(url, new { reason = string.Concat(Enumerable.Repeat("😀", 201)) }),
            await _desk.PostAsJsonAsync(url, new { reason = "\u200b\u200e" }),
            await _desk.PostAsJsonAsync(url, new { reason = "a\u0000b" }),
            await _desk.PostAsJsonAsync(url, new { reason = "two\nlines" }),
        };

        foreach (var refused in refusals)
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await refused.Content.ReadAsStringAsync());
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
            ((string?)problem["type"]).ShouldBe("/problems/validation");
            problem["errors"]!["reason"].ShouldNotBeNull();
        }
        (await StatusAsync(booking)).ShouldBe(("booked", null));
        (await _database.NoticeKeysAsync($"seat-cancelled:{booking}")).ShouldBeEmpty();
        (await AuditDetailAsync("seat.released", booking, "reason")).ShouldBeNull();

        // Characters, not UTF-16 units: 200 emoji are 400 units.
        var longest = string.Concat(Enumerable.Repeat("😀", 200));
        (await _desk.PostAsJsonAsync(url, new { reason = $" {longest} " })).StatusCode.ShouldBe(HttpStatusCode.OK, "200 characters after trimming are enough");
        (await AuditDetailAsync("seat.released", booking, "reason")).ShouldBe(longest);
    }

    [Test]
    public async Task Another_readers_booking_is_not_found_whatever_is_asked_of_it()
    {
        await ZoneWithSeatsAsync("mine", 1);
        var readers = await ReadersAsync(2);
        var booking = await BookAsync(readers[0], "MINE-01", null);
        var listed = (await readers[0].GetFromJsonAsync<JsonObject>(Url("/api/v1/me/seat-bookings")))!["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)listed["checkInCloses"]).ShouldNotBeNull("a live booking shows until when it may be checked in");

        (await readers[1].DeleteAsync(Url($"/api/v1/me/seat-bookings/{booking}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CheckInAsync(readers[1], booking, "MINE-01")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await readers[1].PostAsync(Url($"/api/v1/me/seat-bookings/{booking}/finish"), null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(booking)).ShouldBe(("booked", null));
        (await readers[0].DeleteAsync(Url($"/api/v1/me/seat-bookings/{booking}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Test]
    public async Task A_seated_reader_takes_temporary_leave_returns_and_leaves_the_seat_free_for_the_rest_of_the_booking()
    {
        await ZoneWithSeatsAsync("life", 1);
        var readers = await ReadersAsync(2);
        var booking = await BookAsync(readers[0], "LIFE-01", null);
        (await CheckInAsync(readers[0], booking, "LIFE-01")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var away = await readers[0].PostAsync(Url($"/api/v1/me/seat-bookings/{booking}/leave"), null);
        away.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await away.Content.ReadFromJsonAsync<JsonObject>())!["status"]).ShouldBe("on_leave");
        (await readers[0].PostAsync(Url($"/api/v1/me/seat-bookings/{booking}/return"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await readers[0].PostAsync(Url($"/api/v1/me/seat-bookings/{booking}/finish"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await StatusAsync(booking)).ShouldBe(("finished", "left"));
        (await readers[1].PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "LIFE-01", minutes = 30 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Test]
    public async Task A_start_far_outside_the_bookable_days_is_refused_with_its_own_reason_and_nothing_is_booked()
    {
        var zone = await ZoneWithSeatsAsync("far", 1);
        var reader = (await ReadersAsync(1))[0];

        foreach (var starts in new[] { "9999-12-31T23:00Z", "0001-01-01T00:00Z" })
        {
            var answer = await reader.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "FAR-01", starts });
            var reason = (await ReasonsAsync(answer)).ShouldHaveSingleItem()!;
            ((string?)reason["code"]).ShouldBe("starts_out_of_range");
            reason["parameters"]!["earliest"]!.GetValue<DateTimeOffset>().ShouldBe(_clock.GetUtcNow().AddDays(-1), TimeSpan.FromSeconds(1));
            reason["parameters"]!["latest"]!.GetValue<DateTimeOffset>().ShouldBe(_clock.GetUtcNow().AddDays(8), TimeSpan.FromSeconds(1));
            ((string?)reason["message"]).ShouldStartWith("开始时间须在");
        }
        (await LiveBookingsAsync(zone)).ShouldBe(0);
    }

    [Test]
    [NonParallelizable] // counts the service's process-wide meter
    public async Task Forty_zone_lists_at_once_after_the_free_counts_lapse_run_one_count_and_a_staff_change_shows_at_once()
    {
        var zone = await ZoneWithSeatsAsync("list", 2);
        var reader = (await ReadersAsync(1))[0];
        using var counts = new CountedMetric("wechatlib.seats.free_counts");
        (await FreeNowAsync(reader, zone)).ShouldBe(2);
        counts.Count.ShouldBe(1);
        _clock.Advance(TimeSpan.FromSeconds(3));

        var lists = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => FreeNowAsync(reader, zone)));

        lists.ShouldAllBe(free => free == 2);
        counts.Count.ShouldBe(2, "one of the forty recounts");
        (await FreeNowAsync(reader, zone)).ShouldBe(2);
        counts.Count.ShouldBe(2, "the recount is fresh for two seconds");
        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/seats/{await SeatIdAsync("LIST-01")}"), new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await FreeNowAsync(reader, zone)).ShouldBe(1);
        counts.Count.ShouldBe(3);
    }

    [Test]
    public async Task Seat_codes_are_stored_upper_case_and_one_differing_only_in_case_is_a_duplicate_not_a_second_seat()
    {
        var zone = await ZoneWithSeatsAsync("case", 1);
        var reader = (await ReadersAsync(1))[0];
        async Task<HttpResponseMessage> AddSeatAsync(string code) =>
            await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-zones/{zone}/seats"), new { code, row = 2, column = 1 });

        (await AddSeatAsync("case-a1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await AddSeatAsync("CASE-A1");
        var renamed = await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/seats/{await SeatIdAsync("CASE-01")}"), new { code = "Case-A1" });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ProblemTypeAsync()).ShouldBe("/problems/conflict");
        renamed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await using (var connection = _database.Open())
        {
            (await connection.QueryAsync<string>("select code from seats where zone_id = @zone order by code", new { zone })).ShouldBe(["CASE-01", "CASE-A1"]);
            // The database's own last word, whoever writes the row.
            var direct = await Should.ThrowAsync<Npgsql.PostgresException>(() =>
                connection.ExecuteAsync("insert into seats (zone_id, code) values (@zone, 'case-a1')", new { zone }));
            direct.ConstraintName.ShouldBe("seats_code_upper");
        }
        var booked = await reader.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat = "case-a1", minutes = 60 });
        booked.StatusCode.ShouldBe(HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        ((string?)(await booked.Content.ReadFromJsonAsync<JsonObject>())!["seat"]).ShouldBe("CASE-A1");
    }

    /// <summary>A zone of the main branch made through the staff API, open for booking all day, with seats CODE-01… in one row.</summary>
    private async Task<long> ZoneWithSeatsAsync(string code, int seats)
    {
        var created = await _desk.PostAsJsonAsync(Url("/api/v1/staff/seat-zones"), new
        {
            branch = "main", code, name = $"{code}区", nameEn = $"Zone {code}", floor = "3F", kind = "quiet", bookingOpensAt = "00:00",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var zone = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        for (var i = 1; i <= seats; i++)
        {
            var seat = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/seat-zones/{zone}/seats"),
                new { code = $"{code.ToUpperInvariant()}-{i:00}", hasPower = i % 2 == 0, row = 1, column = i });
            seat.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        return zone;
    }

    /// <summary>Readers no other test has used.</summary>
    private Task<List<HttpClient>> ReadersAsync(int count) => Task.FromResult(Enumerable.Range(0, count).Select(_ => _readers.Dequeue()).ToList());

    private static async Task<long> BookAsync(HttpClient reader, string seat, DateTimeOffset? starts)
    {
        var answer = await reader.PostAsJsonAsync(Url("/api/v1/me/seat-bookings"), new { seat, starts, minutes = 60 });
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        return (long)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static Task<HttpResponseMessage> CheckInAsync(HttpClient reader, long booking, string scanned) =>
        reader.PostAsJsonAsync(Url($"/api/v1/me/seat-bookings/{booking}/check-in"), new { seat = scanned });

    private static async Task<JsonArray> ReasonsAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/seat-refused");
        return problem["reasons"]!.AsArray();
    }

    private static async Task<List<string?>> CodesAsync(HttpResponseMessage answer) =>
        [.. (await ReasonsAsync(answer)).Select(r => (string?)r!["code"])];

    private static async Task<int?> FreeNowAsync(HttpClient reader, long zone) =>
        (int?)(await reader.GetFromJsonAsync<JsonArray>(Url("/api/v1/seat-zones?branch=main")))!.Single(z => (long?)z!["id"] == zone)!["freeNow"];

    private async Task<long> SeatIdAsync(string code)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<long>("select id from seats where code = @code", new { code });
    }

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), at.Offset);

    private async Task<int> LiveBookingsAsync(long zone)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<int>("""
            select count(*)::int from seat_bookings b join seats s on s.id = b.seat_id
            where s.zone_id = @zone and b.status in ('booked', 'checked_in', 'on_leave')
            """, new { zone });
    }

    private async Task<string?> AuditDetailAsync(string action, long booking, string detail)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<string?>("select details ->> @detail from audit_log where action = @action and target = @target",
            new { action, target = $"seat-booking:{booking}", detail });
    }

    private async Task<string?> NoticeFieldAsync(string key, string field)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<string?>("select fields ->> @field from notifications where idempotency_key = @key", new { key, field });
    }

    private async Task<(string Status, string? EndReason)> StatusAsync(long booking)
    {
        await using var connection = _database.Open();
        return await connection.QuerySingleAsync<(string, string?)>("select status, end_reason from seat_bookings where id = @booking", new { booking });
    }
}
