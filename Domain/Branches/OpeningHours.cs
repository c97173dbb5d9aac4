namespace WeChatLib.Domain.Branches;

/// <summary>One weekday's opening hours, in the library's local time. Closing time is exclusive.</summary>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    public bool Covers(DateTime localTime) =>
        localTime.DayOfWeek == Day && TimeOnly.FromDateTime(localTime) is var t && t >= Opens && t < Closes;
}
