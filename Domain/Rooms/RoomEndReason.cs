namespace WeChatLib.Domain.Rooms;

/// <summary>Why a room booking ended, as stored (<c>room_bookings.end_reason</c>).</summary>
public static class RoomEndReason
{
    public const string Finished = "finished";
    public const string CancelledByOrganiser = "cancelled_by_organiser";
    public const string CancelledByStaff = "cancelled_by_staff";
    public const string RoomBlocked = "room_blocked";
    public const string NotConfirmed = "not_confirmed";
    public const string NotApproved = "not_approved";
    public const string Rejected = "rejected";
    public const string NoShow = "no_show";
}
