namespace WeChatLib.Domain.Loans;

/// <summary>
/// A dated departure from the weekly hours: a holiday or closure (no hours) or special hours such as exam season,
/// each with the reason shown to readers.
/// </summary>
public sealed record CalendarDate(DateOnly Date, string Reason, TimeOnly? Opens = null, TimeOnly? Closes = null)
{
    public bool Closed => Opens is null || Closes is null || Opens >= Closes;

    public static CalendarDate Closure(DateOnly date, string reason) => new(date, reason);

    public static CalendarDate SpecialHours(DateOnly date, string reason, TimeOnly opens, TimeOnly closes) =>
        new(date, reason, opens, closes);
}
