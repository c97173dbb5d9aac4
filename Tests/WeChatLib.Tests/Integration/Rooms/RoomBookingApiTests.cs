using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Rooms;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Rooms;

/// <summary>
/// Room booking through REST on the real database and Redis, one service for the fixture on a controlled clock starting
/// at nine in the morning, library time. Each test has its own rooms and readers, so they do not meet; the clock only
/// moves forward (the check-in test moves it), so tests book slots from the afternoon on.
/// </summary>
internal sealed class RoomBookingApiTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private FakeTimeProvider _clock = null!;
    private DateOnly _today;
    private HttpClient _desk = null!;
    private readonly Queue<Reader> _readers = new();

    private sealed record Reader(string Card, long Id, string Token, HttpClient Client);

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);
        _clock = new FakeTimeProvider(new DateTimeOffset(_today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        _api = Factory();
        _ = _api.Services;
        await _database.OpenLibraryAsync();
        _desk = _api.ClientWith((await _api.StaffTokensAsync("room-desk", StaffRole.Circulation)).AccessToken);
        var cards = Enumerable.Range(1, 150).Select(i => $"R{i:0000}").ToList();
        await _api.AddReadersAsync([.. cards.Select(c => Support.Identity.Reader(c, name: $"读者{c}"))]);
        var readers = new ConcurrentDictionary<string, Reader>();
        await Parallel.ForEachAsync(cards, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (card, _) =>
        {
            var token = (await _api.ReaderSessionAsync(card, $"oRoom{card}".PadRight(28, '0'))).AccessToken;
            readers[card] = new Reader(card, (await _api.PatronAsync(card)).Id, token, _api.ClientWith(token));
        });
        foreach (var card in cards)
            _readers.Enqueue(readers[card]);
    }

    /// <summary>A service instance on the fixture's database and clock; two of them are two instances of one deployment.</summary>
    private ApiFactory Factory()
    {
        var api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        // Tokens are issued once for the fixture and checked on its clock, which its tests move on by under an hour.
        api.Settings["Jwt:AccessTokenMinutes"] = "60";
        // Booking itself, edge by edge: the scheduled steps (lapse, no-show) would race the edges.
        api.Settings["Jobs:Enabled"] = "false";
        return api;
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _desk?.Dispose();
        while (_readers.TryDequeue(out var reader))
            reader.Client.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Fifty_groups_booking_one_room_and_slot_through_two_instances_make_one_booking_and_forty_nine_hear_it_is_taken_with_the_next_free_slots()
    {
        var room = await _database.AddRoomAsync("RACE-1");
        var organisers = Readers(50);
        await using var second = Factory();
        var clients = organisers.Select((r, i) => i % 2 == 0 ? r.Client : second.ClientWith(r.Token)).ToList();
        var starts = Slot(1, "10:00");

        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync(Url("/api/v1/me/room-bookings"), new { roomId = room, starts, minutes = 60 })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var taken = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        taken.Count.ShouldBe(49);
        foreach (var answer in taken)
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            ((string?)problem["type"]).ShouldBe("/problems/room-taken");
            problem["nextFree"]!.AsArray().Select(s => (s!["starts"]!.GetValue<DateTimeOffset>(), s["ends"]!.GetValue<DateTimeOffset>()))
                .ShouldBe([(Slot(1, "11:00"), Slot(1, "12:00")), (Slot(1, "11:30"), Slot(1, "12:30")), (Slot(1, "12:00"), Slot(1, "13:00"))]);
        }
        (await _database.LiveRoomBookingsAsync(room)).ShouldBe(1);
        var booked = (long)(await answers.Single(a => a.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await _database.NoticeKeysAsync($"room-confirmed:{booked}:")).Count.ShouldBe(1);
        foreach (var client in clients.Where((_, i) => i % 2 == 1))
            client.Dispose();
    }

    [Test]
    public async Task A_group_booking_waits_for_its_companions_and_holds_once_enough_have_confirmed()
    {
        var room = await _database.AddRoomAsync("GRP-1", capacity: 4, minGroup: 3);
        var (organiser, ann, ben, cat) = Four();
        var body = new { roomId = room, starts = Slot(0, "14:00"), minutes = 90, companions = new[] { ann.Card, ben.Card, cat.Card }, topic = "课程项目讨论" };

        var first = await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", body, idempotencyKey: "grp-1");
        var again = await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", body, idempotencyKey: "grp-1");

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var booking = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (long)booking["id"]!;
        ((long)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!).ShouldBe(id);
        (await _database.LiveRoomBookingsAsync(room)).ShouldBe(1);
        ((string?)booking["status"]).ShouldBe("pending");
        booking["confirmBy"]!.GetValue<DateTimeOffset>().ShouldBe(_clock.GetUtcNow().AddMinutes(60));
        (await _database.NoticeKeysAsync($"room-invitation:{id}:")).ShouldBe([$"room-invitation:{id}:{ann.Id}", $"room-invitation:{id}:{ben.Id}", $"room-invitation:{id}:{cat.Id}"],
            ignoreOrder: true);

        (await Status(await Send(ann, HttpMethod.Post, $"/api/v1/me/room-bookings/{id}/confirm"))).ShouldBe("pending");
        (await _database.NoticeCountAsync($"room-confirmed:{id}:")).ShouldBe(0);
        (await Status(await Send(ben, HttpMethod.Post, $"/api/v1/me/room-bookings/{id}/confirm"))).ShouldBe("confirmed");
        (await _database.NoticeKeysAsync($"room-confirmed:{id}:")).ShouldBe(
            [$"room-confirmed:{id}:{organiser.Id}", $"room-confirmed:{id}:{ann.Id}", $"room-confirmed:{id}:{ben.Id}"], ignoreOrder: true);
        (await Send(cat, HttpMethod.Post, $"/api/v1/me/room-bookings/{id}/decline")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Codes(await Send(cat, HttpMethod.Post, $"/api/v1/me/room-bookings/{id}/confirm"))).ShouldBe(["already_declined"]);

        var members = await _database.RoomMembersAsync(id);
        members[organiser.Card].ShouldBe(("confirmed", true));
        members[ann.Card].ShouldBe(("confirmed", true));
        members[ben.Card].ShouldBe(("confirmed", true));
        members[cat.Card].ShouldBe(("declined", false));
        var seen = (await cat.Client.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/room-bookings")))!["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)seen["myAnswer"]).ShouldBe("declined");
        ((string?)seen["myRole"]).ShouldBe("companion");
        seen["members"]!.AsArray().Select(m => (string?)m!["status"]).ShouldBe(["confirmed", "confirmed", "confirmed", "declined"], ignoreOrder: true);
        seen["checkInOpens"]!.GetValue<DateTimeOffset>().ShouldBe(Slot(0, "13:50"));
    }

    [Test]
    public async Task A_companion_answers_their_latest_open_invitation_without_naming_it_as_a_reply_in_the_chat_does_and_hears_when_answered_already()
    {
        var room = await _database.AddRoomAsync("GRP-2", minGroup: 2);
        var (organiser, ann, _, _) = Four();
        var id = await BookAsync(organiser, room, Slot(0, "15:00"), 60, ann.Card);
        var confirm = _api.Services.GetRequiredService<ConfirmRoomInvitation>();

        var done = (await confirm.HandleAsync(new ReaderRef.Patron(ann.Id), null, CancellationToken.None)).ShouldBeOfType<RoomChange.Done>();

        done.Booking.Id.ShouldBe(id);
        done.Booking.Status.ShouldBe(RoomBookingStatus.Confirmed);
        (await _database.RoomBookingStatusAsync(id)).ShouldBe(("confirmed", null));
        (await confirm.HandleAsync(new ReaderRef.Patron(ann.Id), null, CancellationToken.None)).ShouldBeOfType<RoomChange.Refused>()
            .Reasons.ShouldBe([new RoomRefusal.AlreadyConfirmed()]);
        // The organiser was never invited: nothing to confirm.
        (await confirm.HandleAsync(new ReaderRef.Patron(organiser.Id), null, CancellationToken.None)).ShouldBeOfType<RoomChange.Refused>()
            .Reasons.ShouldBe([new RoomRefusal.NoInvitation()]);
    }

    [Test]
    public async Task A_companion_holding_an_overlapping_room_cannot_confirm_even_with_forty_confirmations_racing()
    {
        var first = await _database.AddRoomAsync("OVL-1", minGroup: 2);
        var second = await _database.AddRoomAsync("OVL-2", minGroup: 2);
        var third = await _database.AddRoomAsync("OVL-3", minGroup: 2);
        var (organiser, other, companion, _) = Four();
        var x = await BookAsync(organiser, first, Slot(0, "16:00"), 60, companion.Card);
        var y = await BookAsync(other, second, Slot(0, "16:30"), 60, companion.Card);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            companion.Client.PostAsync(Url($"/api/v1/me/room-bookings/{(i % 2 == 0 ? x : y)}/confirm"), null)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var held = (await _database.RoomMembersAsync(x))[companion.Card].Holds ? "OVL-1" : "OVL-2";
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        refused.Count.ShouldBe(39);
        var reasons = new List<JsonNode>();
        foreach (var answer in refused)
            reasons.AddRange((await Reasons(answer)).Select(r => r!));
        reasons.Select(r => (string?)r["code"]).Distinct().Order().ShouldBe(["already_confirmed", "already_in_room"]);
        var overlaps = reasons.Where(r => (string?)r["code"] == "already_in_room").ToList();
        overlaps.Count.ShouldBe(20);
        overlaps.ShouldAllBe(r => (string?)r["parameters"]!["room"] == held);
        (await _database.RoomsHeldAsync(companion.Card)).ShouldBe(1);

        // Holding one room, the companion cannot be invited to a third that overlaps it either.
        var invite = await Send(Readers(1)[0], HttpMethod.Post, "/api/v1/me/room-bookings",
            new { roomId = third, starts = Slot(0, "16:00"), minutes = 90, companions = new[] { companion.Card } });
        (await Codes(invite)).ShouldBe(["companion_busy"]);
    }

    [Test]
    public async Task The_person_overlap_constraint_answers_a_confirmation_the_rules_did_not_see_and_leaves_the_work_usable()
    {
        var room = await _database.AddRoomAsync("OVL-4", minGroup: 2);
        await _database.AddRoomAsync("OVL-5");
        var (organiser, companion, _, _) = Four();
        var id = await BookAsync(organiser, room, Slot(0, "17:00"), 60, companion.Card);
        // Held behind the rules' back: as a confirmation committed by another transaction after the rules read the day.
        await _database.AddRoomBookingAsync(companion.Card, "OVL-5", Slot(0, "17:30"), Slot(0, "18:00"));
        var rooms = _api.Services.GetRequiredService<IRooms>();

        await using (var work = await rooms.BeginAsync(CancellationToken.None))
        {
            (await work.ConfirmMemberAsync(id, companion.Id, _clock.GetUtcNow(), CancellationToken.None)).ShouldBeOfType<MemberConfirmation.Busy>();
            await work.AuditAsync(new WeChatLib.Domain.Audit.AuditEntry("system", "room.test_after_busy", $"room-booking:{id}"), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        (await _database.AuditCountAsync("room.test_after_busy")).ShouldBe(1);
        (await _database.RoomMembersAsync(id))[companion.Card].ShouldBe(("invited", false));
    }

    [Test]
    public async Task Staff_approve_or_reject_a_booking_that_needs_approval_the_group_is_told_and_deciding_twice_is_a_conflict()
    {
        var room = await _database.AddRoomAsync("APR-1", minGroup: 2, needsApproval: true);
        var (organiser, ann, other, bob) = Four();
        var approved = await BookAsync(organiser, room, Slot(1, "14:00"), 60, ann.Card);
        var rejected = await BookAsync(other, room, Slot(1, "16:00"), 60, bob.Card);
        (await Status(await Send(ann, HttpMethod.Post, $"/api/v1/me/room-bookings/{approved}/confirm"))).ShouldBe("awaiting_approval");
        (await Status(await Send(bob, HttpMethod.Post, $"/api/v1/me/room-bookings/{rejected}/confirm"))).ShouldBe("awaiting_approval");
        (await _database.NoticeCountAsync($"room-confirmed:{approved}:")).ShouldBe(0);

        var queue = (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/room-approvals")))!.Select(b => (long)b!["id"]!).ToList();
        queue.Where(b => b == approved || b == rejected).ShouldBe([approved, rejected]);
        var yes = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{approved}/approve"), new { note = "请保持安静" });
        yes.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await yes.Content.ReadFromJsonAsync<JsonObject>())!["status"]).ShouldBe("confirmed");
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{approved}/approve"), new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{rejected}/reject"), new { reason = " " })).StatusCode
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        var no = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{rejected}/reject"), new { reason = "该时段有院系活动" });
        no.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{rejected}/approve"), new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await _database.RoomBookingStatusAsync(approved)).ShouldBe(("confirmed", null));
        (await _database.RoomBookingStatusAsync(rejected)).ShouldBe(("rejected", "rejected"));
        (await _database.RoomMembersAsync(rejected)).Values.ShouldAllBe(m => !m.Holds);
        (await _database.NoticeKeysAsync($"room-approval:{approved}:")).ShouldBe([$"room-approval:{approved}:{organiser.Id}", $"room-approval:{approved}:{ann.Id}"],
            ignoreOrder: true);
        (await _database.NoticeKeysAsync($"room-approval:{rejected}:")).Count.ShouldBe(2);
        (await _database.RoomAuditCountAsync("room.approved", approved)).ShouldBe(1);
        (await _database.RoomAuditCountAsync("room.rejected", rejected)).ShouldBe(1);
        var seen = (await organiser.Client.GetFromJsonAsync<JsonObject>(Url("/api/v1/me/room-bookings")))!["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)seen["decisionNote"]).ShouldBe("请保持安静");
        (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/room-approvals")))!.Select(b => (long)b!["id"]!).ShouldNotContain(approved);
        // The rejected slot is free again.
        var pair = Readers(2);
        (await BookAsync(pair[0], room, Slot(1, "16:00"), 60, pair[1].Card)).ShouldBeGreaterThan(rejected);
    }

    [Test]
    public async Task Blocking_a_room_cancels_the_live_bookings_it_meets_and_tells_every_member()
    {
        var room = await _database.AddRoomAsync("BLK-1", minGroup: 2);
        var (organiser, ann, other, bob) = Four();
        var pending = await BookAsync(organiser, room, Slot(2, "10:00"), 60, ann.Card);
        var confirmed = await BookAsync(other, room, Slot(2, "11:00"), 60, bob.Card);
        (await Send(bob, HttpMethod.Post, $"/api/v1/me/room-bookings/{confirmed}/confirm")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var untouched = await BookAsync(organiser, room, Slot(2, "14:00"), 60, ann.Card);

        var blocked = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/rooms/{room}/blocks"),
            new { from = Slot(2, "10:30"), until = Slot(2, "12:00"), reason = "学术讲座" });

        blocked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await blocked.Content.ReadFromJsonAsync<JsonObject>())!["cancelledBookings"]!.AsArray().Select(b => (long)b!).ShouldBe([pending, confirmed]);
        (await _database.RoomBookingStatusAsync(pending)).ShouldBe(("cancelled", "room_blocked"));
        (await _database.RoomBookingStatusAsync(confirmed)).ShouldBe(("cancelled", "room_blocked"));
        (await _database.RoomBookingStatusAsync(untouched)).ShouldBe(("pending", null));
        (await _database.RoomMembersAsync(confirmed)).Values.ShouldAllBe(m => !m.Holds);
        (await _database.NoticeKeysAsync($"room-cancelled:{pending}:")).ShouldBe([$"room-cancelled:{pending}:{organiser.Id}", $"room-cancelled:{pending}:{ann.Id}"],
            ignoreOrder: true);
        (await _database.NoticeKeysAsync($"room-cancelled:{confirmed}:")).ShouldBe([$"room-cancelled:{confirmed}:{other.Id}", $"room-cancelled:{confirmed}:{bob.Id}"],
            ignoreOrder: true);
        (await _database.RoomAuditCountAsync("room.cancelled_by_block", pending)).ShouldBe(1);
        (await _database.RoomAuditCountAsync("room.cancelled_by_block", confirmed)).ShouldBe(1);
        (await _database.RoomAuditCountAsync("room.cancelled_by_block", untouched)).ShouldBe(0);
        (await Codes(await Send(Readers(1)[0], HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = Slot(2, "11:30"), minutes = 30 })))
            .ShouldContain("room_blocked");
        var grid = await organiser.Client.GetFromJsonAsync<JsonObject>(Url($"/api/v1/rooms/availability?date={Slot(2, "00:00"):yyyy-MM-dd}&branch=main"));
        var slots = grid!["rooms"]!.AsArray().Single(r => (long)r!["room"]!["id"]! == room)!["slots"]!.AsArray();
        slots.Where(s => s!["starts"]!.GetValue<DateTimeOffset>() == Slot(2, "11:00")).Single()!["state"]!.GetValue<string>().ShouldBe("blocked");
        slots.Where(s => s!["starts"]!.GetValue<DateTimeOffset>() == Slot(2, "14:00")).Single()!["state"]!.GetValue<string>().ShouldBe("taken");
        slots.Where(s => s!["starts"]!.GetValue<DateTimeOffset>() == Slot(2, "10:00")).Single()!["state"]!.GetValue<string>().ShouldBe("free");
    }

    [Test]
    public async Task A_block_made_while_forty_groups_book_the_room_leaves_no_live_booking_inside_it()
    {
        var room = await _database.AddRoomAsync("BLK-2");
        var readers = Readers(40);
        Task<HttpResponseMessage> Book(int i) => Send(readers[i], HttpMethod.Post, "/api/v1/me/room-bookings",
            new { roomId = room, starts = Slot(1 + i % 2, "08:00").AddMinutes(30 * (i / 2)), minutes = 30 });

        var before = Enumerable.Range(0, 20).Select(Book).ToList();
        var block = _desk.PostAsJsonAsync(Url($"/api/v1/staff/rooms/{room}/blocks"), new { from = Slot(1, "08:00"), until = Slot(2, "22:00"), reason = "期末考场" });
        var after = Enumerable.Range(20, 20).Select(Book).ToList();
        var answers = await Task.WhenAll([.. before, .. after]);

        (await block).StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.UnprocessableEntity);
        (await _database.LiveRoomBookingsAsync(room)).ShouldBe(0);
    }

    [Test]
    public async Task The_organiser_cancels_before_the_start_the_companions_are_told_and_a_companion_cannot_cancel()
    {
        var room = await _database.AddRoomAsync("CXL-1", minGroup: 2);
        var (organiser, ann, ben, next) = Four();
        var id = await BookAsync(organiser, room, Slot(0, "18:00"), 60, ann.Card, ben.Card);
        (await Send(ann, HttpMethod.Post, $"/api/v1/me/room-bookings/{id}/confirm")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Codes(await Send(ann, HttpMethod.Delete, $"/api/v1/me/room-bookings/{id}"))).ShouldBe(["not_organiser"]);
        (await Send(next, HttpMethod.Delete, $"/api/v1/me/room-bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Send(organiser, HttpMethod.Delete, $"/api/v1/me/room-bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await _database.RoomBookingStatusAsync(id)).ShouldBe(("cancelled", "cancelled_by_organiser"));
        (await _database.RoomMembersAsync(id)).Values.ShouldAllBe(m => !m.Holds);
        (await _database.NoticeKeysAsync($"room-cancelled:{id}:")).ShouldBe([$"room-cancelled:{id}:{ann.Id}", $"room-cancelled:{id}:{ben.Id}"], ignoreOrder: true);
        (await Codes(await Send(organiser, HttpMethod.Delete, $"/api/v1/me/room-bookings/{id}"))).ShouldBe(["booking_ended"]);
        (await BookAsync(next, room, Slot(0, "18:00"), 60, ann.Card)).ShouldBeGreaterThan(id);
    }

    [Test]
    public async Task Check_in_by_scanning_the_door_opens_ten_minutes_before_the_start_and_closes_fifteen_after()
    {
        var rooms = new[] { await _database.AddRoomAsync("CHK-1"), await _database.AddRoomAsync("CHK-2"), await _database.AddRoomAsync("CHK-3") };
        var pendingRoom = await _database.AddRoomAsync("CHK-4", minGroup: 2);
        var readers = Readers(5);
        var now = _clock.GetUtcNow();
        var start = Aligned(now).AddMinutes(30);
        var early = await BookAsync(readers[0], rooms[0], start, 60);
        var late = await BookAsync(readers[1], rooms[1], start, 60);
        var tooLate = await BookAsync(readers[2], rooms[2], start, 60);
        var pending = await BookAsync(readers[3], pendingRoom, start, 60, readers[4].Card);

        _clock.Advance(start.AddMinutes(-11) - _clock.GetUtcNow());
        (await Codes(await CheckIn(readers[0], early, "CHK-1"))).ShouldBe(["checkin_not_open"]);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var wrong = (await Reasons(await CheckIn(readers[0], early, "CHK-2"))).ShouldHaveSingleItem()!;
        ((string?)wrong["code"]).ShouldBe("wrong_room");
        ((string?)wrong["parameters"]!["booked_room"]).ShouldBe("CHK-1");
        var inRoom = await CheckIn(readers[0], early, "https://lib.example.edu.cn/room?code=CHK-1");
        inRoom.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await inRoom.Content.ReadFromJsonAsync<JsonObject>())!["status"]).ShouldBe("checked_in");
        (await Codes(await CheckIn(readers[0], early, "CHK-1"))).ShouldBe(["already_checked_in"]);
        (await Codes(await CheckIn(readers[3], pending, "CHK-4"))).ShouldBe(["not_confirmed"]);

        _clock.Advance(start.AddMinutes(14) - _clock.GetUtcNow());
        (await CheckIn(readers[1], late, "CHK-2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await Codes(await CheckIn(readers[2], tooLate, "CHK-3"))).ShouldBe(["checkin_closed"]);
        (await _database.RoomBookingStatusAsync(early)).ShouldBe(("checked_in", null));
        (await _database.RoomBookingStatusAsync(tooLate)).ShouldBe(("confirmed", null));
        (await _database.RoomAuditCountAsync("room.checked_in", early)).ShouldBe(1);
        (await _database.RoomAuditCountAsync("room.checked_in", late)).ShouldBe(1);
    }

    [Test]
    public async Task Every_refusal_comes_back_at_once_in_the_readers_language()
    {
        var room = await _database.AddRoomAsync("REF-1", capacity: 4, minGroup: 2);
        await _api.AddReadersAsync(Support.Identity.Reader("UNBOUND1"));
        var organiser = Readers(1)[0];

        var answer = await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings",
            new { roomId = room, starts = Slot(1, "10:15"), minutes = 180, companions = new[] { "NOBODY-9", "UNBOUND1", organiser.Card } });

        var reasons = await Reasons(answer);
        reasons.Select(r => (string?)r!["code"]).ShouldBe(["not_aligned", "too_long", "companion_unknown", "companion_not_bound", "companion_is_organiser"]);
        ((string?)reasons[2]!["parameters"]!["card"]).ShouldBe("NOBODY-9");
        ((string?)reasons[2]!["message"]).ShouldBe("未找到借书证号为NOBODY-9的读者");
    }

    [Test]
    public async Task A_reader_suspended_from_seat_booking_or_already_in_a_room_at_that_time_is_refused()
    {
        var first = await _database.AddRoomAsync("SUS-1");
        var second = await _database.AddRoomAsync("SUS-2");
        var (suspended, busy, _, _) = Four();
        await _database.SuspendAsync(suspended.Card, _clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddDays(6));
        await BookAsync(busy, first, Slot(1, "15:00"), 60);

        var reason = (await Reasons(await Send(suspended, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = first, starts = Slot(1, "09:00"), minutes = 60 })))
            .ShouldHaveSingleItem()!;
        ((string?)reason["code"]).ShouldBe("suspended");
        reason["parameters"]!["until"]!.GetValue<DateTimeOffset>().ShouldBe(_clock.GetUtcNow().AddDays(6));
        var overlap = (await Reasons(await Send(busy, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = second, starts = Slot(1, "15:30"), minutes = 60 })))
            .ShouldHaveSingleItem()!;
        ((string?)overlap["code"]).ShouldBe("already_in_room");
        ((string?)overlap["parameters"]!["room"]).ShouldBe("SUS-1");
        (await BookAsync(busy, second, Slot(1, "16:00"), 60)).ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Staff_set_up_rooms_change_only_the_fields_sent_and_a_switched_off_or_faculty_room_is_refused()
    {
        var created = await _desk.PostAsJsonAsync(Url("/api/v1/staff/rooms"), new
        {
            branch = "main", code = "SET-1", name = "五楼研讨室", nameEn = "Seminar 5F", floor = "5F", kind = "seminar", capacity = 8, minGroup = 1,
            hasScreen = true, photoUrl = "https://lib.example.edu.cn/rooms/set-1.jpg", patronGroups = new[] { "faculty" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var room = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await _desk.PostAsJsonAsync(Url("/api/v1/staff/rooms"), new { branch = "main", code = "SET-1", name = "重复", nameEn = "Again", capacity = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/rooms/{room}"), new { minGroup = 9 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/rooms/{room}"), new { capacity = 10, patronGroups = new[] { "teacher" } }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _desk.PatchAsJsonAsync(Url("/api/v1/staff/rooms/999999"), new { capacity = 10 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/rooms/{room}"), new { capacity = 10, hasWhiteboard = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/rooms?branch=main")))!.Single(r => (long)r!["id"]! == room)!;
        ((int)listed["capacity"]!).ShouldBe(10);
        ((bool)listed["hasWhiteboard"]!).ShouldBeTrue();
        ((bool)listed["hasScreen"]!).ShouldBeTrue();
        ((string?)listed["name"]).ShouldBe("五楼研讨室");
        ((string?)listed["photoUrl"]).ShouldBe("https://lib.example.edu.cn/rooms/set-1.jpg");
        listed["patronGroups"]!.AsArray().Select(g => (string?)g).ShouldBe(["faculty"]);

        var reader = Readers(1)[0];
        (await Codes(await Send(reader, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = Slot(1, "15:00") }))).ShouldBe(["group_not_allowed"]);
        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/rooms/{room}"), new { enabled = false, patronGroups = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.Client.GetFromJsonAsync<JsonArray>(Url("/api/v1/rooms?branch=main")))!.Select(r => (long)r!["id"]!).ShouldNotContain(room);
        (await Codes(await Send(reader, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = Slot(1, "15:00") }))).ShouldBe(["room_disabled"]);
        (await _desk.PatchAsJsonAsync(Url($"/api/v1/staff/rooms/{room}"), new { enabled = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BookAsync(reader, room, Slot(1, "15:00"), 60)).ShouldBeGreaterThan(0);
        (await _database.AuditCountAsync("room.updated")).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Test]
    public async Task Staff_see_every_rooms_day_with_its_bookings_groups_and_blocks()
    {
        var room = await _database.AddRoomAsync("CAL-1", minGroup: 2);
        var off = await _database.AddRoomAsync("CAL-2", enabled: false);
        var (organiser, ann, _, _) = Four();
        var id = await BookAsync(organiser, room, Slot(3, "09:00"), 120, ann.Card);
        (await _desk.PostAsJsonAsync(Url($"/api/v1/staff/rooms/{room}/blocks"), new { from = Slot(3, "15:00"), until = Slot(3, "17:00"), reason = "设备检修" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var calendar = (await _desk.GetFromJsonAsync<JsonObject>(Url($"/api/v1/staff/room-calendar?date={Slot(3, "00:00"):yyyy-MM-dd}&branch=main")))!;

        var rows = calendar["rooms"]!.AsArray();
        rows.Select(r => (long)r!["room"]!["id"]!).ShouldContain(off);
        var row = rows.Single(r => (long)r!["room"]!["id"]! == room)!;
        var booking = row["bookings"]!.AsArray().ShouldHaveSingleItem()!;
        ((long)booking["id"]!).ShouldBe(id);
        ((string?)booking["status"]).ShouldBe("pending");
        booking["members"]!.AsArray().Select(m => ((string?)m!["cardNumber"], (string?)m["status"])).ShouldBe([(organiser.Card, "confirmed"), (ann.Card, "invited")]);
        ((string?)row["blocks"]!.AsArray().ShouldHaveSingleItem()!["reason"]).ShouldBe("设备检修");
        (await _desk.GetAsync(Url("/api/v1/staff/room-calendar?date=tomorrow"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task Nonsense_in_a_booking_or_a_days_date_is_a_clear_refusal_never_a_server_error()
    {
        var room = await _database.AddRoomAsync("BAD-1", capacity: 4);
        var organiser = Readers(1)[0];

        foreach (var companions in new[] { new string?[] { null }, [" "] })
        {
            var blank = await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = Slot(1, "10:00"), minutes = 60, companions });
            blank.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await blank.Content.ReadAsStringAsync());
            ((string?)(await blank.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["companions"]![0]).ShouldBe("each must be a card number");
        }
        (await Codes(await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = "9999-12-31T23:30:00Z", minutes = 60 })))
            .ShouldBe(["too_far_ahead"]);
        (await Codes(await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts = "0001-01-01T00:00:00Z", minutes = 60 })))
            .ShouldBe(["starts_in_past"]);
        foreach (var date in new[] { "9999-12-31", "0001-01-01" })
        {
            (await organiser.Client.GetAsync(Url($"/api/v1/rooms/availability?date={date}"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await _desk.GetAsync(Url($"/api/v1/staff/room-calendar?date={date}"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }
        (await _database.LiveRoomBookingsAsync(room)).ShouldBe(0);
    }

    [Test]
    public async Task The_availability_grid_gives_the_booking_horizon_of_the_room_rules_and_closes_every_slot_beyond_it()
    {
        var room = await _database.AddRoomAsync("HOR-1");
        var reader = Readers(1)[0];
        async Task<JsonObject> Grid(int days) =>
            (await reader.Client.GetFromJsonAsync<JsonObject>(Url($"/api/v1/rooms/availability?date={_today.AddDays(days):yyyy-MM-dd}&branch=main")))!;
        IEnumerable<string> States(JsonObject grid) =>
            grid["rooms"]!.AsArray().Single(r => (long)r!["room"]!["id"]! == room)!["slots"]!.AsArray().Select(s => (string)s!["state"]!);

        var shipped = await Grid(0);

        ((int)shipped["daysAhead"]!).ShouldBe(3);
        ((string?)shipped["lastBookableDate"]).ShouldBe($"{_today.AddDays(3):yyyy-MM-dd}");
        States(await Grid(4)).ShouldAllBe(s => s == "closed");
        await _database.SetRoomDaysAheadAsync(5);
        try
        {
            var widened = await Grid(5);
            var beyond = await Grid(6);

            ((int)widened["daysAhead"]!).ShouldBe(5);
            ((string?)widened["lastBookableDate"]).ShouldBe($"{_today.AddDays(5):yyyy-MM-dd}");
            ((string?)beyond["lastBookableDate"]).ShouldBe($"{_today.AddDays(5):yyyy-MM-dd}", "a day past the horizon answers the horizon too");
            States(widened).ShouldContain("free");
            States(beyond).ShouldNotBeEmpty();
            States(beyond).ShouldAllBe(s => s == "closed");
        }
        finally
        {
            await _database.SetRoomDaysAheadAsync(3);
        }
    }

    [Test]
    public async Task Staff_cannot_approve_a_booking_once_its_deadline_has_passed_and_it_is_left_to_lapse()
    {
        await _database.AddRoomAsync("LATE-1", minGroup: 2, needsApproval: true);
        var (organiser, ann, _, _) = Four();
        var deadline = _clock.GetUtcNow().AddMinutes(-1);
        var id = await _database.AddRoomBookingAsync(organiser.Card, "LATE-1", Slot(1, "15:00"), Slot(1, "16:00"), "awaiting_approval", deadline,
            (ann.Card, "confirmed"));

        var late = await _desk.PostAsJsonAsync(Url($"/api/v1/staff/room-approvals/{id}/approve"), new { note = "同意" });

        late.StatusCode.ShouldBe(HttpStatusCode.Conflict, await late.Content.ReadAsStringAsync());
        var problem = (await late.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/conflict");
        problem["confirmBy"]!.GetValue<DateTimeOffset>().ShouldBe(deadline);
        (await _database.RoomBookingStatusAsync(id)).ShouldBe(("awaiting_approval", null));
        (await _database.NoticeKeysAsync($"room-approval:{id}:")).ShouldBeEmpty();
    }

    /// <summary>Readers no other test has used.</summary>
    private List<Reader> Readers(int count) => [.. Enumerable.Range(0, count).Select(_ => _readers.Dequeue())];

    private (Reader, Reader, Reader, Reader) Four()
    {
        var four = Readers(4);
        return (four[0], four[1], four[2], four[3]);
    }

    /// <summary>The library-local time on the day <paramref name="days"/> after the fixture's first.</summary>
    private DateTimeOffset Slot(int days, string time) =>
        new(_today.AddDays(days).ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.FromHours(8));

    private static DateTimeOffset Aligned(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / 1800 * 1800);

    private static async Task<long> BookAsync(Reader organiser, long room, DateTimeOffset starts, int minutes, params string[] companions)
    {
        var answer = await Send(organiser, HttpMethod.Post, "/api/v1/me/room-bookings", new { roomId = room, starts, minutes, companions });
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        return (long)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<HttpResponseMessage> Send(Reader reader, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await reader.Client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> CheckIn(Reader reader, long booking, string scanned) =>
        Send(reader, HttpMethod.Post, $"/api/v1/me/room-bookings/{booking}/check-in", new { room = scanned });

    private static async Task<string?> Status(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return (string?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["status"];
    }

    private static async Task<JsonArray> Reasons(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await answer.Content.ReadAsStringAsync());
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/room-refused");
        return problem["reasons"]!.AsArray();
    }

    private static async Task<List<string?>> Codes(HttpResponseMessage answer) => [.. (await Reasons(answer)).Select(r => (string?)r!["code"])];
}
