namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The library's room booking limits (one row, <c>room_rules</c>): how many days ahead (today is day 0), the longest
/// booking, the most minutes one person may hold rooms in a day, how long companions have to confirm, and the check-in
/// window around the start.
/// </summary>
public sealed record RoomLimits(int DaysAhead, int MaxMinutes, int DailyMaxMinutes, int ConfirmMinutes, int CheckinOpensMinutes, int CheckinClosesMinutes)
{
    /// <summary>The shipped defaults, as the schema has them.</summary>
    public static readonly RoomLimits Default = new(3, 120, 240, 60, 10, 15);

    /// <summary>The last library day a room may be booked for, reckoned from the library's today.</summary>
    public DateOnly LastBookableDate(DateOnly today) => today.AddDays(DaysAhead);
}
