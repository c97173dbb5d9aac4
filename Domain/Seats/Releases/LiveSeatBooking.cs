namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// A live booking as the release rules see it: its state, its interval and its zone's check-in window. Instants are
/// UTC; <see cref="CheckinClosesMinutes"/> is the zone's <c>checkin_closes_minutes</c>.
/// </summary>
public sealed record LiveSeatBooking(
    long Id,
    long PatronId,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    int CheckinClosesMinutes,
    DateTimeOffset? LeaveStartedAt = null,
    DateTimeOffset? LeaveUntil = null)
{
    public const string Booked = "booked";
    public const string CheckedIn = "checked_in";
    public const string OnLeave = "on_leave";

    /// <summary>The first moment check-in is no longer allowed: the window is [start − opens, start + closes).</summary>
    public DateTimeOffset CheckinClosesAt => Start.AddMinutes(CheckinClosesMinutes);
}
