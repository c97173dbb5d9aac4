namespace WeChatLib.Domain.Rooms;

/// <summary>A room booking's status as stored; the first four are live (they hold the room).</summary>
public static class RoomBookingStatus
{
    /// <summary>Companions still to confirm.</summary>
    public const string Pending = "pending";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Confirmed = "confirmed";
    public const string CheckedIn = "checked_in";
    public const string Finished = "finished";
    public const string Cancelled = "cancelled";
    /// <summary>Not enough companions confirmed, or staff did not approve, by the deadline.</summary>
    public const string Lapsed = "lapsed";
    public const string Rejected = "rejected";
    /// <summary>No one checked in.</summary>
    public const string Released = "released";

    public static bool IsLive(string status) => status is Pending or AwaitingApproval or Confirmed or CheckedIn;
}
