namespace WeChatLib.Domain.Rooms.Schedule;

/// <summary>
/// When the server ends a live room booking on its own, and why; when the group is reminded; and who is told. Pure:
/// the schedule applies them to each booking it has locked, so one confirmed or checked in meanwhile is left alone.
/// </summary>
public static class RoomScheduleRules
{
    /// <summary>Fifteen minutes before the start, every confirmed member of a confirmed booking is reminded.</summary>
    public static readonly TimeSpan StartingNotice = TimeSpan.FromMinutes(15);

    /// <summary>How <paramref name="booking"/> ends at <paramref name="now"/>, or null while it stays live.</summary>
    public static RoomScheduledEnd? EndDue(LiveRoomBooking booking, DateTimeOffset now)
    {
        switch (booking.Status)
        {
            // The deadline is the first moment a confirmation or an approval no longer counts.
            case LiveRoomBooking.Pending when now >= booking.ConfirmBy:
                return new RoomScheduledEnd(booking, RoomScheduledEnd.Lapsed, RoomScheduledEnd.NotConfirmed, booking.ConfirmBy);
            case LiveRoomBooking.AwaitingApproval when now >= booking.ConfirmBy:
                return new RoomScheduledEnd(booking, RoomScheduledEnd.Lapsed, RoomScheduledEnd.NotApproved, booking.ConfirmBy);
            case LiveRoomBooking.Confirmed:
                // A booking shorter than its check-in window is a no-show when it ends.
                return now >= booking.CheckinClosesAt
                    ? new RoomScheduledEnd(booking, RoomScheduledEnd.Released, RoomScheduledEnd.NoShow, booking.CheckinClosesAt)
                    : null;
            case LiveRoomBooking.CheckedIn when now >= booking.End:
                return new RoomScheduledEnd(booking, RoomScheduledEnd.Finished, RoomScheduledEnd.TimeUp, booking.End);
            default:
                return null;
        }
    }

    /// <summary>Whether the start reminder is due for <paramref name="booking"/> at <paramref name="now"/>; from the start on it would be untrue.</summary>
    public static bool StartingReminderDue(LiveRoomBooking booking, DateTimeOffset now) =>
        booking.Status == LiveRoomBooking.Confirmed && now >= booking.Start - StartingNotice && now < booking.Start;

    /// <summary>
    /// Who is told that a booking lapsed or was released: every member but those who declined, who left the group
    /// before it ended. A finished booking tells nobody.
    /// </summary>
    public static IReadOnlyList<RoomMemberToTell> Told(RoomScheduledEnd end, IReadOnlyList<RoomMemberToTell> members) =>
        end.Status == RoomScheduledEnd.Finished ? [] : [.. members.Where(m => m.Status != RoomMemberToTell.Declined).OrderBy(m => m.PatronId)];

    /// <summary>Who is reminded of the start: the members who have confirmed, the organiser among them.</summary>
    public static bool Reminded(RoomMemberToTell member) => member.Status == RoomMemberToTell.Confirmed;
}

/// <summary>
/// A booking's end by rule: its status and <c>end_reason</c> afterwards, and <paramref name="DueAt"/>, the moment it fell
/// due, which a late run still records.
/// </summary>
public sealed record RoomScheduledEnd(LiveRoomBooking Booking, string Status, string Reason, DateTimeOffset DueAt)
{
    public const string Lapsed = "lapsed";
    public const string Released = "released";
    public const string Finished = "finished";

    /// <summary>Pending past the deadline: not enough of the group confirmed.</summary>
    public const string NotConfirmed = "not_confirmed";

    /// <summary>Awaiting approval past the deadline: staff did not decide in time.</summary>
    public const string NotApproved = "not_approved";

    /// <summary>Confirmed, and nobody checked in by the end of the window: a violation for the organiser.</summary>
    public const string NoShow = "no_show";

    /// <summary>Checked in and the time ran out.</summary>
    public const string TimeUp = "finished";

    public bool IsViolation => Reason == NoShow;
}

/// <summary>A member of the group as the schedule's notices need them.</summary>
public sealed record RoomMemberToTell(long PatronId, bool IsOrganiser, string Status, Readers.Language Language)
{
    public const string Invited = "invited";
    public const string Confirmed = "confirmed";
    public const string Declined = "declined";
}
