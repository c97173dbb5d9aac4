namespace WeChatLib.Domain.Seats.Releases;

/// <summary>Why the server itself ended a live booking (<c>seat_bookings.end_reason</c>), and whether it counts against the reader.</summary>
public static class SeatEndReason
{
    /// <summary>Not checked in by the end of the check-in window: released, a violation.</summary>
    public const string NoShow = "no_show";

    /// <summary>Not back from temporary leave by its end: released, a violation.</summary>
    public const string LeaveOverrun = "leave_overrun";

    /// <summary>The booking's time ran out while the reader sat there: finished, no violation.</summary>
    public const string TimeUp = "time_up";

    public static bool IsViolation(string reason) => reason is NoShow or LeaveOverrun;
}
