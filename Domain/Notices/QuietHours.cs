namespace WeChatLib.Domain.Notices;

/// <summary>
/// When notices wait (default 22:30–07:30 library time): queued, then sent when the quiet hours end. Start equal to
/// end means no quiet hours. Answers to a reader's own request are never held.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Default = new(new TimeOnly(22, 30), new TimeOnly(7, 30));

    public bool Contains(DateTime localTime)
    {
        var t = TimeOnly.FromDateTime(localTime);
        return Start == End ? false : Start < End ? t >= Start && t < End : t >= Start || t < End;
    }

    /// <summary>The local time the quiet hours containing <paramref name="localTime"/> end.</summary>
    public DateTime EndAfter(DateTime localTime)
    {
        var end = localTime.Date + End.ToTimeSpan();
        return end > localTime ? end : end.AddDays(1);
    }
}
