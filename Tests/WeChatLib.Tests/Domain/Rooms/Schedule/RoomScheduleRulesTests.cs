using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms.Schedule;

namespace WeChatLib.Tests.Domain.Rooms.Schedule;

/// <summary>
/// Every boundary of the room schedule, with a booking from 14:00 to 16:00 to be confirmed by 13:30, and the default
/// check-in window (10 minutes before the start to 15 after).
/// </summary>
internal sealed class RoomScheduleRulesTests
{
    private static readonly DateTimeOffset Start = At(14, 0);

    private static LiveRoomBooking Booking(string status, int closes = 15, DateTimeOffset? end = null) =>
        new(1, 7, status, Start, end ?? Start.AddHours(2), At(13, 30), 10, closes);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 12, 2, hour, minute, second, TimeSpan.FromHours(8));

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Test]
    public void A_pending_group_stays_until_the_last_tick_before_its_deadline() =>
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Pending), At(13, 30) - Tick).ShouldBeNull();

    [Test]
    public void A_pending_group_lapses_as_not_confirmed_the_moment_its_deadline_comes()
    {
        var end = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Pending), At(13, 30)).ShouldNotBeNull();
        end.Status.ShouldBe(RoomScheduledEnd.Lapsed);
        end.Reason.ShouldBe(RoomScheduledEnd.NotConfirmed);
        end.DueAt.ShouldBe(At(13, 30));
        end.IsViolation.ShouldBeFalse();
    }

    [Test]
    public void A_booking_awaiting_approval_lapses_as_not_approved_at_its_deadline()
    {
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.AwaitingApproval), At(13, 30) - Tick).ShouldBeNull();
        var end = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.AwaitingApproval), At(13, 30)).ShouldNotBeNull();
        end.Status.ShouldBe(RoomScheduledEnd.Lapsed);
        end.Reason.ShouldBe(RoomScheduledEnd.NotApproved);
        end.IsViolation.ShouldBeFalse();
    }

    [Test]
    public void A_late_run_records_a_lapse_at_its_deadline() =>
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Pending), At(15, 0)).ShouldNotBeNull().DueAt.ShouldBe(At(13, 30));

    [Test]
    public void A_confirmed_booking_never_lapses_once_its_deadline_has_passed() =>
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed), At(13, 31)).ShouldBeNull();

    [Test]
    public void A_confirmed_booking_nobody_checked_into_stays_until_the_last_tick_of_the_window() =>
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed), At(14, 15) - Tick).ShouldBeNull();

    [Test]
    public void A_confirmed_booking_nobody_checked_into_is_released_as_a_no_show_when_the_window_closes()
    {
        var end = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed), At(14, 15)).ShouldNotBeNull();
        end.Status.ShouldBe(RoomScheduledEnd.Released);
        end.Reason.ShouldBe(RoomScheduledEnd.NoShow);
        end.DueAt.ShouldBe(At(14, 15));
        end.IsViolation.ShouldBeTrue();
    }

    [Test]
    public void The_room_rules_window_decides_when_a_no_show_falls_due()
    {
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed, closes: 5), At(14, 5) - Tick).ShouldBeNull();
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed, closes: 5), At(14, 5)).ShouldNotBeNull().DueAt.ShouldBe(At(14, 5));
    }

    [Test]
    public void A_late_run_records_the_no_show_when_the_window_closed() =>
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed), At(15, 40)).ShouldNotBeNull().DueAt.ShouldBe(At(14, 15));

    [Test]
    public void A_booking_shorter_than_its_window_is_a_no_show_when_it_ends_and_its_reminder_says_check_in_closes_then()
    {
        var shortOne = Booking(LiveRoomBooking.Confirmed, closes: 60, end: Start.AddMinutes(30));
        shortOne.CheckinClosesAt.ShouldBe(At(14, 30));
        RoomScheduleRules.EndDue(shortOne, At(14, 30) - Tick).ShouldBeNull();
        RoomScheduleRules.EndDue(shortOne, At(14, 30)).ShouldNotBeNull().DueAt.ShouldBe(At(14, 30));
    }

    [Test]
    public void A_checked_in_booking_is_never_a_no_show_and_finishes_at_its_end_without_a_violation()
    {
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.CheckedIn), At(14, 15)).ShouldBeNull();
        RoomScheduleRules.EndDue(Booking(LiveRoomBooking.CheckedIn), At(16, 0) - Tick).ShouldBeNull();
        var end = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.CheckedIn), At(16, 0)).ShouldNotBeNull();
        end.Status.ShouldBe(RoomScheduledEnd.Finished);
        end.Reason.ShouldBe(RoomScheduledEnd.TimeUp);
        end.DueAt.ShouldBe(At(16, 0));
        end.IsViolation.ShouldBeFalse();
    }

    [TestCase("cancelled")]
    [TestCase("lapsed")]
    [TestCase("released")]
    [TestCase("finished")]
    [TestCase("rejected")]
    public void An_ended_booking_is_left_alone(string status) =>
        RoomScheduleRules.EndDue(Booking(status), At(23, 0)).ShouldBeNull();

    [Test]
    public void The_start_reminder_is_due_from_fifteen_minutes_before_the_start_until_the_start()
    {
        var booking = Booking(LiveRoomBooking.Confirmed);
        RoomScheduleRules.StartingReminderDue(booking, At(13, 45) - Tick).ShouldBeFalse();
        RoomScheduleRules.StartingReminderDue(booking, At(13, 45)).ShouldBeTrue();
        RoomScheduleRules.StartingReminderDue(booking, At(14, 0) - Tick).ShouldBeTrue();
        RoomScheduleRules.StartingReminderDue(booking, At(14, 0)).ShouldBeFalse();
    }

    [TestCase(LiveRoomBooking.Pending)]
    [TestCase(LiveRoomBooking.AwaitingApproval)]
    [TestCase(LiveRoomBooking.CheckedIn)]
    public void Only_a_confirmed_booking_not_yet_checked_into_is_reminded(string status) =>
        RoomScheduleRules.StartingReminderDue(Booking(status), At(13, 50)).ShouldBeFalse();

    [Test]
    public void The_check_in_window_opens_and_closes_by_the_room_rules()
    {
        var booking = Booking(LiveRoomBooking.Confirmed);
        booking.CheckinOpensAt.ShouldBe(At(13, 50));
        booking.CheckinClosesAt.ShouldBe(At(14, 15));
    }

    [Test]
    public void A_lapse_or_a_release_is_told_to_every_member_but_those_who_declined_and_a_finish_to_nobody()
    {
        RoomMemberToTell[] members =
        [
            new(7, true, RoomMemberToTell.Confirmed, Language.Zh),
            new(9, false, RoomMemberToTell.Declined, Language.Zh),
            new(8, false, RoomMemberToTell.Invited, Language.En),
            new(10, false, RoomMemberToTell.Confirmed, Language.Zh),
        ];
        var lapse = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Pending), At(13, 30))!;
        var release = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.Confirmed), At(14, 15))!;
        var finish = RoomScheduleRules.EndDue(Booking(LiveRoomBooking.CheckedIn), At(16, 0))!;

        RoomScheduleRules.Told(lapse, members).Select(m => m.PatronId).ShouldBe([7L, 8L, 10L]);
        RoomScheduleRules.Told(release, members).Select(m => m.PatronId).ShouldBe([7L, 8L, 10L]);
        RoomScheduleRules.Told(finish, members).ShouldBeEmpty();
        members.Where(RoomScheduleRules.Reminded).Select(m => m.PatronId).ShouldBe([7L, 10L]);
    }
}
