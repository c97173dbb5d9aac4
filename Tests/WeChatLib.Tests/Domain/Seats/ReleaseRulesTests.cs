using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Tests.Domain.Seats;

/// <summary>Every boundary of the release rules, with a booking from 08:00 to 12:00 and the default 30-minute check-in window.</summary>
internal sealed class ReleaseRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset End = Start.AddHours(4);

    private static LiveSeatBooking Booked(int closes = 30, DateTimeOffset? end = null) =>
        new(1, 7, LiveSeatBooking.Booked, Start, end ?? End, closes);

    private static LiveSeatBooking CheckedIn() => new(1, 7, LiveSeatBooking.CheckedIn, Start, End, 30);

    private static LiveSeatBooking OnLeave(DateTimeOffset until) =>
        new(1, 7, LiveSeatBooking.OnLeave, Start, End, 30, until.AddMinutes(-30), until);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 12, 2, hour, minute, second, TimeSpan.FromHours(8));

    [Test]
    public void A_booking_not_checked_in_stays_until_the_last_tick_of_its_window() =>
        ReleaseRules.EndDue(Booked(), At(8, 29, 59).AddTicks(9_999_999)).ShouldBeNull();

    [Test]
    public void A_booking_not_checked_in_is_a_no_show_the_moment_its_window_closes()
    {
        var end = ReleaseRules.EndDue(Booked(), At(8, 30)).ShouldNotBeNull();
        end.Reason.ShouldBe(SeatEndReason.NoShow);
        end.DueAt.ShouldBe(At(8, 30));
        end.IsViolation.ShouldBeTrue();
        end.Status.ShouldBe("released");
    }

    [Test]
    public void The_zones_own_window_decides_when_a_no_show_falls_due()
    {
        ReleaseRules.EndDue(Booked(closes: 15), At(8, 14, 59)).ShouldBeNull();
        ReleaseRules.EndDue(Booked(closes: 15), At(8, 15)).ShouldNotBeNull().DueAt.ShouldBe(At(8, 15));
    }

    [Test]
    public void A_late_run_records_the_no_show_at_the_moment_it_fell_due() =>
        ReleaseRules.EndDue(Booked(), At(11, 0)).ShouldNotBeNull().DueAt.ShouldBe(At(8, 30));

    [Test]
    public void A_booking_shorter_than_its_window_is_a_no_show_when_it_ends()
    {
        var shortOne = Booked(closes: 30, end: Start.AddMinutes(20));
        ReleaseRules.EndDue(shortOne, At(8, 19, 59)).ShouldBeNull();
        ReleaseRules.EndDue(shortOne, At(8, 20)).ShouldNotBeNull().DueAt.ShouldBe(At(8, 20));
    }

    [Test]
    public void A_checked_in_booking_is_never_a_no_show() =>
        ReleaseRules.EndDue(CheckedIn(), At(8, 31)).ShouldBeNull();

    [Test]
    public void A_checked_in_booking_finishes_as_time_up_at_its_end_without_a_violation()
    {
        ReleaseRules.EndDue(CheckedIn(), At(11, 59, 59)).ShouldBeNull();
        var end = ReleaseRules.EndDue(CheckedIn(), At(12, 0)).ShouldNotBeNull();
        end.Reason.ShouldBe(SeatEndReason.TimeUp);
        end.IsViolation.ShouldBeFalse();
        end.Status.ShouldBe("finished");
    }

    [Test]
    public void A_leave_runs_until_its_last_tick_then_is_an_overrun()
    {
        ReleaseRules.EndDue(OnLeave(At(10, 0)), At(9, 59, 59)).ShouldBeNull();
        var end = ReleaseRules.EndDue(OnLeave(At(10, 0)), At(10, 0)).ShouldNotBeNull();
        end.Reason.ShouldBe(SeatEndReason.LeaveOverrun);
        end.DueAt.ShouldBe(At(10, 0));
        end.IsViolation.ShouldBeTrue();
    }

    [Test]
    public void A_leave_reaching_the_bookings_end_overstays_nothing_and_finishes_as_time_up()
    {
        ReleaseRules.EndDue(OnLeave(At(12, 0)), At(11, 59)).ShouldBeNull();
        ReleaseRules.EndDue(OnLeave(At(12, 30)), At(12, 0)).ShouldNotBeNull().Reason.ShouldBe(SeatEndReason.TimeUp);
        ReleaseRules.EndDue(OnLeave(At(12, 0)), At(12, 0)).ShouldNotBeNull().Reason.ShouldBe(SeatEndReason.TimeUp);
    }

    [Test]
    public void An_overrun_found_after_the_booking_ended_is_still_an_overrun() =>
        ReleaseRules.EndDue(OnLeave(At(11, 0)), At(13, 0)).ShouldNotBeNull().Reason.ShouldBe(SeatEndReason.LeaveOverrun);

    [Test]
    public void Ended_bookings_are_left_alone() =>
        ReleaseRules.EndDue(Booked() with { Status = "released" }, At(13, 0)).ShouldBeNull();

    [Test]
    public void The_check_in_reminder_is_due_from_ten_minutes_before_the_window_closes_until_it_closes()
    {
        ReleaseRules.ReminderDue(Booked(), At(8, 19, 59)).ShouldBeNull();
        var reminder = ReleaseRules.ReminderDue(Booked(), At(8, 20)).ShouldNotBeNull();
        reminder.Kind.ShouldBe(NoticeKind.SeatCheckinClosing);
        reminder.Deadline.ShouldBe(At(8, 30));
        ReleaseRules.ReminderDue(Booked(), At(8, 29, 59)).ShouldNotBeNull();
        ReleaseRules.ReminderDue(Booked(), At(8, 30)).ShouldBeNull();
    }

    [Test]
    public void A_checked_in_reader_is_not_reminded_to_check_in() =>
        ReleaseRules.ReminderDue(CheckedIn(), At(8, 25)).ShouldBeNull();

    [Test]
    public void A_booking_ending_before_its_window_closes_gets_no_check_in_reminder() =>
        ReleaseRules.ReminderDue(Booked(end: Start.AddMinutes(20)), At(8, 22)).ShouldBeNull();

    [Test]
    public void The_leave_reminder_is_due_from_five_minutes_before_the_leave_ends_until_it_ends()
    {
        ReleaseRules.ReminderDue(OnLeave(At(10, 0)), At(9, 54, 59)).ShouldBeNull();
        var reminder = ReleaseRules.ReminderDue(OnLeave(At(10, 0)), At(9, 55)).ShouldNotBeNull();
        reminder.Kind.ShouldBe(NoticeKind.SeatLeaveEnding);
        reminder.Deadline.ShouldBe(At(10, 0));
        ReleaseRules.ReminderDue(OnLeave(At(10, 0)), At(10, 0)).ShouldBeNull();
    }

    [Test]
    public void A_leave_running_to_the_bookings_end_gets_no_leave_reminder() =>
        ReleaseRules.ReminderDue(OnLeave(At(12, 0)), At(11, 57)).ShouldBeNull();

    [Test]
    public void Each_leave_of_a_booking_has_its_own_reminder_key()
    {
        var first = ReleaseRules.ReminderDue(OnLeave(At(10, 0)), At(9, 56)).ShouldNotBeNull();
        var second = ReleaseRules.ReminderDue(OnLeave(At(11, 0)), At(10, 56)).ShouldNotBeNull();
        ReleaseSeats.ReminderKey(first).ShouldStartWith("seat-leave-ending:1:");
        ReleaseSeats.ReminderKey(first).ShouldNotBe(ReleaseSeats.ReminderKey(second));
        ReleaseSeats.ReminderKey(ReleaseRules.ReminderDue(Booked(), At(8, 25)).ShouldNotBeNull()).ShouldBe("seat-checkin-closing:1");
    }
}
