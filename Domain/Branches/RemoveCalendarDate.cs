using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Branches;

/// <summary>Staff remove a dated entry: the branch keeps its weekly hours that day again.</summary>
public sealed class RemoveCalendarDate(IBranchStore branches)
{
    public async Task<CalendarChange> HandleAsync(string code, string? date, string actor, CancellationToken cancellationToken)
    {
        if (!CalendarFields.TryParseDate(date, out var day))
            return new CalendarChange.Invalid(new Dictionary<string, string[]> { ["date"] = ["a date as YYYY-MM-DD"] });
        if (await branches.FindAsync(code, cancellationToken) is null)
            return new CalendarChange.NoSuchBranch();
        var removed = await branches.RemoveCalendarDateAsync(code, day,
            entry => new AuditEntry(actor, "calendar.remove", SetCalendarDate.Target(code, day), SetCalendarDate.Describe("before.", entry)),
            cancellationToken);
        return removed is null ? new CalendarChange.NoSuchEntry() : new CalendarChange.Removed(removed);
    }
}
