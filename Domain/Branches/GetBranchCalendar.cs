using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Branches;

/// <summary>
/// A branch's hours day by day over a range (from today for a month unless asked otherwise; at most
/// <see cref="MaxDays"/> days): its weekly hours, except where a dated entry decides the day, with that entry's reason.
/// </summary>
public sealed class GetBranchCalendar(IBranchStore branches, LibraryClock clock)
{
    public const int MaxDays = 92;
    public const int DefaultDays = 31;

    public async Task<BranchCalendarAnswer> HandleAsync(string code, string? from, string? to, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var first = clock.Today;
        if (from is not null && !CalendarFields.TryParseDate(from, out first))
            problems["from"] = ["a date as YYYY-MM-DD"];
        var last = first.AddDays(DefaultDays - 1);
        if (to is not null && !CalendarFields.TryParseDate(to, out last))
            problems["to"] = ["a date as YYYY-MM-DD"];
        else if (problems.Count == 0 && (last < first || last.DayNumber - first.DayNumber + 1 > MaxDays))
            problems["to"] = [$"on or after from, at most {MaxDays} days in all"];
        if (problems.Count > 0)
            return new BranchCalendarAnswer.Invalid(problems);

        if (await branches.CalendarAsync(code, first, last, cancellationToken) is not { } calendar)
            return new BranchCalendarAnswer.NoSuchBranch();
        var days = new List<CalendarDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var hours = calendar.HoursOn(day);
            days.Add(new CalendarDay(day, hours?.Opens, hours?.Closes, calendar.EntryOn(day)?.Reason));
        }
        return new BranchCalendarAnswer.Days(first, last, days);
    }
}

public abstract record BranchCalendarAnswer
{
    private BranchCalendarAnswer()
    {
    }

    public sealed record Days(DateOnly From, DateOnly To, IReadOnlyList<CalendarDay> Each) : BranchCalendarAnswer;

    public sealed record NoSuchBranch : BranchCalendarAnswer;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : BranchCalendarAnswer;
}
