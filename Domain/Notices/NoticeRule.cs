namespace WeChatLib.Domain.Notices;

/// <summary>
/// When a patron group is told about a due date (FOLIO's notice policy): <see cref="OffsetDays"/> from the due date
/// (negative before), then every <see cref="RepeatEveryDays"/> days up to <see cref="MaxRepeats"/> more times, at an
/// escalation <see cref="Level"/> (0 courtesy, 1 to 3 each firmer).
/// </summary>
public sealed record NoticeRule(
    string PatronGroup, string Code, string Kind, int OffsetDays, int? RepeatEveryDays, int MaxRepeats, int Level, bool Enabled,
    DateTimeOffset UpdatedAt)
{
    public bool Repeats => RepeatEveryDays is not null;
}
