namespace WeChatLib.Domain.Notices;

/// <summary>
/// What a notice is about. Each kind that readers receive maps to a WeChat template in configuration; a reply is an
/// answer to the reader's own request and goes as a custom message.
/// </summary>
public static class NoticeKind
{
    public const string DueReminder = "due-reminder";
    public const string Overdue = "overdue";
    public const string Recall = "recall";
    public const string HoldReady = "hold-ready";
    /// <summary>A hold lapsed: its copy was not collected in time, or it was unfilled by the reader's date.</summary>
    public const string HoldExpired = "hold-expired";
    /// <summary>A reader not checked in yet: the check-in window closes in ten minutes.</summary>
    public const string SeatCheckinClosing = "seat-checkin-closing";
    /// <summary>A seat released by the server: no check-in, or a temporary leave overrun; with when and why.</summary>
    public const string SeatReleased = "seat-released";
    /// <summary>A temporary leave runs out in five minutes.</summary>
    public const string SeatLeaveEnding = "seat-leave-ending";
    /// <summary>Seat booking suspended after too many violations: why, and until when.</summary>
    public const string SeatSuspended = "seat-suspended";
    public const string NewArrivals = "new-arrivals";
    public const string Announcement = "announcement";
    public const string Reply = "reply";

    /// <summary>A seat booking is confirmed.</summary>
    public const string SeatBooked = "seat-booked";

    /// <summary>A seat booking was cancelled by the library: a zone closure or staff.</summary>
    public const string SeatCancelled = "seat-cancelled";

    /// <summary>A companion is invited to a room booking: who invites, the room and time, and until when to confirm.</summary>
    public const string RoomInvitation = "room-invitation";

    /// <summary>A room booking holds: enough of the group confirmed (and, where needed, staff approved).</summary>
    public const string RoomConfirmed = "room-confirmed";

    /// <summary>Staff approved a room booking, or rejected it with a reason.</summary>
    public const string RoomApproval = "room-approval";

    /// <summary>A room booking was cancelled: by its organiser, by staff, or by a block of the room.</summary>
    public const string RoomCancelled = "room-cancelled";

    /// <summary>A room booking starts in fifteen minutes: to every confirmed member, with the check-in window.</summary>
    public const string RoomStarting = "room-starting";

    /// <summary>A confirmed room booking nobody checked into was released: when and why; the organiser is told the violation.</summary>
    public const string RoomReleased = "room-released";

    /// <summary>A room booking lapsed: not enough of the group confirmed, or staff did not approve it, by the deadline.</summary>
    public const string RoomLapsed = "room-lapsed";

    /// <summary>Kinds a reader may switch off; overdue, recall and pickup notices concern books others wait for.</summary>
    public static readonly IReadOnlyList<string> Optional = [DueReminder, NewArrivals, Announcement, SeatBooked];

    public static readonly IReadOnlyList<string> Notices = [
        DueReminder, Overdue, Recall, HoldReady, HoldExpired, SeatBooked, SeatCancelled, SeatCheckinClosing, SeatReleased, SeatLeaveEnding,
        SeatSuspended, RoomInvitation, RoomConfirmed, RoomApproval, RoomCancelled, RoomStarting, RoomReleased, RoomLapsed,
        NewArrivals, Announcement,
    ];

    public static bool IsOptional(string kind) => Optional.Contains(kind);
}
