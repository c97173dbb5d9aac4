namespace WeChatLib.Infrastructure.Jobs;

/// <summary>The next occurrence of a library-local time of day, for jobs that run once a day.</summary>
internal static class DailyAt
{
    public static DateTimeOffset Next(DateTimeOffset now, TimeSpan timeOfDay, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var next = local.Date + timeOfDay;
        if (next <= local)
            next = next.AddDays(1);
        // A zone that moves its clocks at that hour may skip the time: run an hour later that day.
        if (zone.IsInvalidTime(next))
            next = next.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
