namespace WeChatLib.Domain.Rooms.Schedule;

/// <summary>
/// A live room booking as the schedule sees it: its state, its interval, its confirmation deadline and the check-in
/// window of the room rules (<c>room_rules.checkin_opens_minutes</c>, <c>checkin_closes_minutes</c>). Instants are UTC.
/// </summary>
public sealed record LiveRoomBooking(
    long Id,
    long OrganiserId,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset ConfirmBy,
    int CheckinOpensMinutes,
    int CheckinClosesMinutes)
{
    public const string Pending = "pending";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Confirmed = "confirmed";
    public const string CheckedIn = "checked_in";

    /// <summary>The first moment check-in is allowed: the window is [start − opens, min(start + closes, end)).</summary>
    public DateTimeOffset CheckinOpensAt => Start.AddMinutes(-CheckinOpensMinutes);

    /// <summary>The first moment check-in is no longer allowed: the window's close, or the end of a booking shorter than it.</summary>
    public DateTimeOffset CheckinClosesAt => Start.AddMinutes(CheckinClosesMinutes) is var closes && closes < End ? closes : End;
}
