using System.Globalization;

namespace WeChatLib.Domain.Common;

/// <summary>Dates as the API, the audit log and refusal parameters spell them: <c>yyyy-MM-dd</c>.</summary>
public static class IsoDate
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
