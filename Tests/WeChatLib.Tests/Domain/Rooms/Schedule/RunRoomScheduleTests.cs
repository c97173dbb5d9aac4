using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Tests.Domain.Rooms.Schedule;

/// <summary>The room schedule over an in-memory port: what it ends, records and tells each member, in their language.</summary>
internal sealed class RunRoomScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 14, 0, 0, TimeSpan.FromHours(8));
    private static readonly RoomNames Room = new("M-R301", "三楼研讨室301", "Discussion Room 301");

    private static LiveRoomBooking Booking(long id, string status, long organiser = 7) =>
        new(id, organiser, status, Start, Start.AddHours(2), Start.AddMinutes(-30), 10, 15);

    private static RoomMemberToTell Organiser(long id = 7, Language language = Language.Zh) => new(id, true, RoomMemberToTell.Confirmed, language);

    private static RoomMemberToTell Companion(long id, string status, Language language = Language.Zh) => new(id, false, status, language);

    [Test]
    public async Task A_group_not_confirmed_by_its_deadline_lapses_and_every_member_still_in_it_is_told_why()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Pending), minGroup: 4, Organiser(), Companion(8, RoomMemberToTell.Confirmed, Language.En),
            Companion(9, RoomMemberToTell.Invited), Companion(10, RoomMemberToTell.Declined));
        var report = await Use(port, Start.AddMinutes(-29)).HandleAsync(CancellationToken.None);

        report.Lapsed.ShouldBe(1);
        port.Ends.ShouldHaveSingleItem().Reason.ShouldBe(RoomScheduledEnd.NotConfirmed);
        port.Notices.Select(n => n.Key).ShouldBe(["room-lapsed:1:7", "room-lapsed:1:8", "room-lapsed:1:9"], ignoreOrder: true);
        port.Notices.ShouldAllBe(n => n.Kind == NoticeKind.RoomLapsed);
        var organiser = port.Notices.Single(n => n.PatronId == 7);
        organiser.Fields["reasonText"].ShouldBe("确认人数不足");
        organiser.Fields["starts"].ShouldBe("14:00");
        organiser.Fields["date"].ShouldBe("2026-12-02");
        organiser.Fields["hint"].ShouldBe("截至13:30仅2人确认，未满4人，预约已取消，研讨室已释放");
        port.Notices.Single(n => n.PatronId == 8).Fields["hint"].ShouldBe(
            "Only 2 of the 4 needed had confirmed by 13:30: the booking is cancelled and the room free for others");
        port.Violations.ShouldBeEmpty();
        port.Audits.ShouldHaveSingleItem().Action.ShouldBe("room-booking.lapsed");
    }

    [Test]
    public async Task A_booking_staff_did_not_approve_in_time_lapses_as_not_approved()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.AwaitingApproval), minGroup: 2, Organiser(), Companion(8, RoomMemberToTell.Confirmed));
        await Use(port, Start.AddMinutes(-30)).HandleAsync(CancellationToken.None);

        port.Ends.ShouldHaveSingleItem().Reason.ShouldBe(RoomScheduledEnd.NotApproved);
        port.Notices.Count.ShouldBe(2);
        port.Notices.ShouldAllBe(n => n.Fields["reasonText"] == "未在时限内获批准");
        port.Notices.ShouldAllBe(n => n.Fields["hint"] == "截至13:30馆员未批准此预约，预约已取消，可另约其他研讨室");
    }

    [Test]
    public async Task A_no_show_counts_against_the_organiser_alone_who_is_told_where_they_stand()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Confirmed), minGroup: 2, Organiser(language: Language.En), Companion(8, RoomMemberToTell.Confirmed),
            Companion(9, RoomMemberToTell.Invited));
        var report = await Use(port, Start.AddMinutes(16)).HandleAsync(CancellationToken.None);

        report.Released.ShouldBe(1);
        var violation = port.Violations.ShouldHaveSingleItem();
        (violation.PatronId, violation.BookingId, violation.Kind, violation.OccurredAt).ShouldBe((7L, 1L, SeatViolation.RoomNoShow, Start.AddMinutes(15)));
        var organiser = port.Notices.Single(n => n.Key == "room-released:1:7");
        organiser.Kind.ShouldBe(NoticeKind.RoomReleased);
        organiser.Fields["releasedAt"].ShouldBe("14:16");
        organiser.Fields["reasonText"].ShouldBe("无人按时签到");
        organiser.Fields["violations"].ShouldBe("1");
        organiser.Fields["hint"].ShouldBe(
            "Nobody checked in by 14:15. Violation 1 of 3 in 30 days for you as organiser; at 3, seat and room booking is suspended for 7 days");
        var companion = port.Notices.Single(n => n.Key == "room-released:1:8");
        companion.Fields.ContainsKey("violations").ShouldBeFalse();
        companion.Fields["hint"].ShouldBe("无人在14:15前签到，研讨室已释放给他人");
        port.Notices.Select(n => n.Key).ShouldBe(["room-released:1:7", "room-released:1:8", "room-released:1:9"], ignoreOrder: true);
        port.Audits.ShouldHaveSingleItem().Action.ShouldBe("room-booking.released");
    }

    [Test]
    public async Task A_room_no_show_that_is_the_third_violation_suspends_the_organiser_with_one_notice()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Confirmed), minGroup: 1, Organiser());
        port.Violations.Add(new SeatViolation(90, 7, 900, "no_show", Start.AddDays(-10)));
        port.Violations.Add(new SeatViolation(91, 7, 901, "leave_overrun", Start.AddDays(-1)));
        var report = await Use(port, Start.AddMinutes(15)).HandleAsync(CancellationToken.None);

        report.Suspended.ShouldBe(1);
        var suspended = port.Notices.Single(n => n.Kind == NoticeKind.SeatSuspended);
        suspended.Key.ShouldBe("seat-suspended:500");
        suspended.PatronId.ShouldBe(7);
        suspended.Fields["reasonText"].ShouldBe("30天内违约3次");
        suspended.Fields["until"].ShouldBe("2026-12-09");
        suspended.Fields["hint"].ShouldBe("12-09 14:15起可再次预约座位和研讨室");
        port.Notices.Single(n => n.Kind == NoticeKind.RoomReleased).Fields["hint"].ShouldBe("无人在14:15前签到。30天内违约3次，座位和研讨室预约暂停7天");
        port.Audits.Select(a => a.Action).ShouldBe(["room-booking.released", "seat-suspension.started"], ignoreOrder: true);
    }

    [Test]
    public async Task A_room_no_show_judged_after_a_later_violation_recorded_meanwhile_still_suspends_once()
    {
        // The seat release of the same reader, an hour later than the room's window, committed first: its judging saw two.
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Confirmed), minGroup: 1, Organiser());
        port.Violations.Add(new SeatViolation(90, 7, 900, "no_show", Start.AddDays(-10)));
        port.Violations.Add(new SeatViolation(91, 7, 901, "no_show", Start.AddMinutes(75)));
        var report = await Use(port, Start.AddMinutes(80)).HandleAsync(CancellationToken.None);

        report.Suspended.ShouldBe(1);
        port.Suspensions.ShouldHaveSingleItem().ViolationId.ShouldBe(91);
        port.Notices.Count(n => n.Kind == NoticeKind.SeatSuspended).ShouldBe(1);
    }

    [Test]
    public async Task Two_no_shows_of_one_organiser_in_one_run_that_each_make_three_suspend_once()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Confirmed), minGroup: 1, Organiser());
        port.Add(Booking(2, LiveRoomBooking.Confirmed) with { Start = Start.AddHours(2), End = Start.AddHours(3) }, minGroup: 1, Organiser());
        port.Violations.Add(new SeatViolation(90, 7, 900, "no_show", Start.AddDays(-10)));
        port.Violations.Add(new SeatViolation(91, 7, 901, "no_show", Start.AddDays(-9)));
        var report = await Use(port, Start.AddHours(4)).HandleAsync(CancellationToken.None);

        report.Released.ShouldBe(2);
        report.Suspended.ShouldBe(1);
        port.Suspensions.ShouldHaveSingleItem().ViolationId.ShouldBe(102);
    }

    [Test]
    public async Task A_finished_booking_is_neither_a_violation_nor_a_notice()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.CheckedIn), minGroup: 2, Organiser(), Companion(8, RoomMemberToTell.Confirmed));
        var report = await Use(port, Start.AddHours(2)).HandleAsync(CancellationToken.None);

        report.Finished.ShouldBe(1);
        port.Ends.ShouldHaveSingleItem().Status.ShouldBe(RoomScheduledEnd.Finished);
        port.Violations.ShouldBeEmpty();
        port.Notices.ShouldBeEmpty();
        port.Audits.ShouldBeEmpty();
    }

    [Test]
    public async Task Every_confirmed_member_is_reminded_once_with_the_check_in_window_and_the_reminder_goes_stale_at_the_start()
    {
        var port = new InMemoryRoomSchedule(Room);
        port.Add(Booking(1, LiveRoomBooking.Confirmed), minGroup: 2, Organiser(), Companion(8, RoomMemberToTell.Confirmed, Language.En),
            Companion(9, RoomMemberToTell.Invited));
        port.Add(Booking(2, LiveRoomBooking.Pending, organiser: 20) with { ConfirmBy = Start }, minGroup: 2, Organiser(20));
        var report = await Use(port, Start.AddMinutes(-15)).HandleAsync(CancellationToken.None);

        report.Reminders.ShouldBe(2);
        port.Notices.Select(n => n.Key).ShouldBe(["room-starting:1:7", "room-starting:1:8"], ignoreOrder: true);
        var organiser = port.Notices.Single(n => n.PatronId == 7);
        organiser.Kind.ShouldBe(NoticeKind.RoomStarting);
        organiser.StaleAfter.ShouldBe(Start);
        organiser.Fields["starts"].ShouldBe("14:00");
        organiser.Fields["checkinBy"].ShouldBe("14:15");
        organiser.Fields["room"].ShouldBe("三楼研讨室301");
        organiser.Fields["hint"].ShouldBe("三楼研讨室301将于14:00开始，请在13:50至14:15间扫描门上二维码签到，逾时研讨室将被释放");
        port.Notices.Single(n => n.PatronId == 8).Fields["hint"].ShouldStartWith("Discussion Room 301 starts at 14:00: scan the QR code on the door between 13:50 and 14:15");

        port.Notices.Clear();
        (await Use(port, Start).HandleAsync(CancellationToken.None)).Reminders.ShouldBe(0);
    }

    [Test]
    public async Task A_catch_up_after_downtime_ends_every_due_booking_in_batches_in_one_run()
    {
        var port = new InMemoryRoomSchedule(Room);
        var count = RunRoomSchedule.BatchSize * 2 + 7;
        for (var id = 1; id <= count; id++)
            port.Add(Booking(id, LiveRoomBooking.Confirmed, organiser: 1000 + id), minGroup: 1, Organiser(1000 + id));
        var report = await Use(port, Start.AddHours(3)).HandleAsync(CancellationToken.None);

        report.Released.ShouldBe(count);
        port.Commits.ShouldBe(3);
        port.Ends.Select(e => e.Booking.Id).Distinct().Count().ShouldBe(count);
        port.Ends.ShouldAllBe(e => e.DueAt == Start.AddMinutes(15));
    }

    private static RunRoomSchedule Use(InMemoryRoomSchedule port, DateTimeOffset now) => new(port, new LibraryClock(new FakeTimeProvider(now), Shanghai));
}
