using System.Globalization;

namespace WeChatLib.Domain.Branches;

/// <summary>How calendar dates and hours are written in requests and answers: <c>YYYY-MM-DD</c> and <c>HH:mm</c>.</summary>
public static class CalendarFields
{
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Date(DateOnly date) => Common.IsoDate.Format(date);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
