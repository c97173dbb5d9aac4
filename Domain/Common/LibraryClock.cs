namespace WeChatLib.Domain.Common;

/// <summary>The library's local time: opening hours, due dates and quiet hours are all reckoned in it.</summary>
public sealed class LibraryClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset UtcNow => time.GetUtcNow();

    public DateTime LocalNow => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime;

    public DateOnly Today => DateOnly.FromDateTime(LocalNow);
}
