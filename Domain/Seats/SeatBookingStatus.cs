namespace WeChatLib.Domain.Seats;

/// <summary>A seat booking's status as stored; the first three are live (they hold the seat).</summary>
public static class SeatBookingStatus
{
    public const string Booked = "booked";
    public const string CheckedIn = "checked_in";
    public const string OnLeave = "on_leave";
    public const string Finished = "finished";
    public const string Cancelled = "cancelled";
    public const string Released = "released";

    public static bool IsLive(string status) => status is Booked or CheckedIn or OnLeave;
}

/// <summary>Why a seat booking ended, as stored.</summary>
public static class SeatEndReason
{
    public const string Left = "left";
    public const string TimeUp = "time_up";
    public const string CancelledByReader = "cancelled_by_reader";
    public const string CancelledByStaff = "cancelled_by_staff";
    public const string ZoneClosed = "zone_closed";
    public const string NoShow = "no_show";
    public const string LeaveOverrun = "leave_overrun";
    public const string ReleasedByStaff = "released_by_staff";
}
