namespace WeChatLib.Domain.Seats;

/// <summary>
/// A zone's booking rules. Booking for a day opens at <paramref name="BookingOpensAt"/> (library time) on the day itself,
/// or the evening before when <paramref name="OpensDayBefore"/>; check-in runs from <paramref name="CheckinOpensMinutes"/>
/// before the start to <paramref name="CheckinClosesMinutes"/> after it.
/// </summary>
public sealed record SeatZoneRules(
    TimeOnly BookingOpensAt,
    bool OpensDayBefore,
    int MinMinutes,
    int MaxMinutes,
    int DailyMaxMinutes,
    int DefaultMinutes,
    int CheckinOpensMinutes,
    int CheckinClosesMinutes,
    int LeaveMinutes,
    int MealLeaveMinutes)
{
    /// <summary>The shipped defaults, as the schema has them.</summary>
    public static readonly SeatZoneRules Default = new(new TimeOnly(7, 0), false, 30, 240, 480, 240, 15, 30, 30, 60);
}
