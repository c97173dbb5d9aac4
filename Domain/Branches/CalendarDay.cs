namespace WeChatLib.Domain.Branches;

/// <summary>
/// One day of a branch's calendar: its hours (none when closed) and, when a dated entry decides the day (a holiday,
/// a closure, exam-season hours), that entry's reason.
/// </summary>
public sealed record CalendarDay(DateOnly Date, TimeOnly? Opens, TimeOnly? Closes, string? Reason)
{
    public bool Open => Opens is not null;
}
