using System.Globalization;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>The <c>Notices</c> section: quiet hours and the WeChat template of each notice kind.</summary>
public sealed class NoticesOptions
{
    public const string Section = "Notices";

    /// <summary>Library time, <c>HH:mm</c>. Equal start and end: no quiet hours.</summary>
    public string QuietHoursStart { get; set; } = "22:30";

    public string QuietHoursEnd { get; set; } = "07:30";

    /// <summary>Library time, <c>HH:mm</c>, of the daily due-date scan.</summary>
    public string ScanAt { get; set; } = "09:00";

    /// <summary>Library day and time of the weekly new-arrivals digest, e.g. <c>Monday 10:00</c>.</summary>
    public string DigestAt { get; set; } = "Monday 10:00";

    /// <summary>Notice kind (e.g. <c>due-reminder</c>) → its template.</summary>
    public Dictionary<string, TemplateOptions> Templates { get; set; } = [];

    public QuietHours QuietHours => new(
        TimeOnly.ParseExact(QuietHoursStart, "HH:mm", CultureInfo.InvariantCulture),
        TimeOnly.ParseExact(QuietHoursEnd, "HH:mm", CultureInfo.InvariantCulture));
}

/// <summary>
/// One template: its id, the page it opens (relative to PublicBaseUrl) and each data field's value, written with
/// placeholders for the notice's fields: <c>{title}</c> as is, <c>{title:shorten}</c> cut to fit with an ellipsis,
/// <c>{dueDate:date}</c> as <c>11月28日</c>.
/// </summary>
public sealed class TemplateOptions
{
    public string TemplateId { get; set; } = "";

    public string? Url { get; set; }

    public Dictionary<string, string> Fields { get; set; } = [];
}
