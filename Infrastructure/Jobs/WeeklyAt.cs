using System.Globalization;

namespace WeChatLib.Infrastructure.Jobs;

/// <summary>A library-local day of the week and time, written <c>Monday 10:00</c>, for jobs that run once a week.</summary>
internal static class WeeklyAt
{
    public static (DayOfWeek Day, TimeOnly At)? Parse(string? text)
    {
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var day) && !int.TryParse(parts[0], out _)
               && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (day, at)
            : null;
    }

    public static DateTimeOffset Next(DateTimeOffset now, DayOfWeek day, TimeOnly at, TimeZoneInfo zone)
    {
        var next = DailyAt.Next(now, at.ToTimeSpan(), zone);
        while (TimeZoneInfo.ConvertTime(next, zone).DayOfWeek != day)
            next = DailyAt.Next(next, at.ToTimeSpan(), zone);
        return next;
    }
}
