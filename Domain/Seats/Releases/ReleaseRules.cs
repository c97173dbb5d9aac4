namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// When the server ends a live booking on its own, and why; and which reminder is due. Pure: the release job applies
/// them to each booking it has locked, so a booking changed meanwhile (checked in, back from leave) is left alone.
/// </summary>
public static class ReleaseRules
{
    /// <summary>Ten minutes before the check-in window closes, a reader not yet checked in is reminded.</summary>
    public static readonly TimeSpan CheckinClosingNotice = TimeSpan.FromMinutes(10);

    /// <summary>Five minutes before a temporary leave runs out, the reader is reminded to come back.</summary>
    public static readonly TimeSpan LeaveEndingNotice = TimeSpan.FromMinutes(5);

    /// <summary>How <paramref name="booking"/> ends at <paramref name="now"/>, or null while it stays live.</summary>
    public static ScheduledEnd? EndDue(LiveSeatBooking booking, DateTimeOffset now)
    {
        switch (booking.Status)
        {
            case LiveSeatBooking.Booked:
                // A booking shorter than its check-in window is a no-show when it ends.
                var closes = Min(booking.CheckinClosesAt, booking.End);
                return now >= closes ? new ScheduledEnd(booking, SeatEndReason.NoShow, closes) : null;
            case LiveSeatBooking.OnLeave when booking.LeaveUntil is { } until && until < booking.End:
                return now >= until ? new ScheduledEnd(booking, SeatEndReason.LeaveOverrun, until) : null;
            case LiveSeatBooking.OnLeave or LiveSeatBooking.CheckedIn:
                // A leave reaching past the booking's end overstays nothing: the time was the reader's.
                return now >= booking.End ? new ScheduledEnd(booking, SeatEndReason.TimeUp, booking.End) : null;
            default:
                return null;
        }
    }

    /// <summary>The reminder due for <paramref name="booking"/> at <paramref name="now"/>, or null.</summary>
    public static SeatReminder? ReminderDue(LiveSeatBooking booking, DateTimeOffset now)
    {
        switch (booking.Status)
        {
            case LiveSeatBooking.Booked:
                var closes = booking.CheckinClosesAt;
                // Past its moment the reminder would be untrue; a booking that ends first is released, not reminded.
                return now >= closes - CheckinClosingNotice && now < closes && closes <= booking.End
                    ? new SeatReminder(booking, Notices.NoticeKind.SeatCheckinClosing, closes)
                    : null;
            case LiveSeatBooking.OnLeave when booking.LeaveUntil is { } until && until < booking.End:
                return now >= until - LeaveEndingNotice && now < until
                    ? new SeatReminder(booking, Notices.NoticeKind.SeatLeaveEnding, until)
                    : null;
            default:
                return null;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}

/// <summary>A booking's end by rule: <paramref name="DueAt"/> is the moment it fell due, which a late run still records.</summary>
public sealed record ScheduledEnd(LiveSeatBooking Booking, string Reason, DateTimeOffset DueAt)
{
    public bool IsViolation => SeatEndReason.IsViolation(Reason);

    /// <summary>The booking's status afterwards: a violation releases the seat, a time that ran out finishes the booking.</summary>
    public string Status => IsViolation ? "released" : "finished";
}

/// <summary>A reminder to send now; <paramref name="Deadline"/> is when the window closes or the leave ends, after which it is stale.</summary>
public sealed record SeatReminder(LiveSeatBooking Booking, string Kind, DateTimeOffset Deadline);
