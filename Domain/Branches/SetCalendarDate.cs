using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Branches;

/// <summary>
/// Staff add or change a dated entry of a branch's calendar: a holiday or closure (no hours) or special hours, each
/// with the reason readers see. Due dates computed from then on avoid the days it closes.
/// </summary>
public sealed class SetCalendarDate(IBranchStore branches, LibraryClock clock)
{
    public const int MaxReasonLength = 100;

    public async Task<CalendarChange> HandleAsync(string code, string? date, CalendarEntryRequest request, string actor, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var today = clock.Today;
        if (!CalendarFields.TryParseDate(date, out var day))
            problems["date"] = ["a date as YYYY-MM-DD"];
        else if (day < today.AddYears(-1) || day > today.AddYears(3))
            problems["date"] = ["from a year ago to three years ahead"];
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength)
            problems["reason"] = [$"required, at most {MaxReasonLength} characters"];
        var (opens, closes) = Hours(request, problems);
        if (problems.Count > 0)
            return new CalendarChange.Invalid(problems);

        var entry = new CalendarDate(day, reason, opens, closes);
        CalendarDate? replaced = null;
        var found = await branches.SetCalendarDateAsync(code, entry, before =>
        {
            replaced = before;
            var details = Describe("", entry);
            if (before is not null)
                foreach (var (key, value) in Describe("before.", before))
                    details[key] = value;
            return new AuditEntry(actor, "calendar.set", Target(code, day), details);
        }, cancellationToken);
        return found ? new CalendarChange.Saved(entry, replaced is null) : new CalendarChange.NoSuchBranch();
    }

    public static string Target(string code, DateOnly date) => $"calendar:{code}/{CalendarFields.Date(date)}";

    public static Dictionary<string, string?> Describe(string prefix, CalendarDate entry) => new()
    {
        [prefix + "reason"] = entry.Reason,
        [prefix + "opens"] = entry.Opens is { } opens ? CalendarFields.Time(opens) : null,
        [prefix + "closes"] = entry.Closes is { } closes ? CalendarFields.Time(closes) : null,
    };

    // No hours at all is a closed day; otherwise both, opening before closing.
    private static (TimeOnly?, TimeOnly?) Hours(CalendarEntryRequest request, Dictionary<string, string[]> problems)
    {
        var opensGiven = !string.IsNullOrWhiteSpace(request.Opens);
        var closesGiven = !string.IsNullOrWhiteSpace(request.Closes);
        if (!opensGiven && !closesGiven)
            return (null, null);
        TimeOnly? opens = null, closes = null;
        if (!opensGiven)
            problems["opens"] = ["required with closes (leave both out for a closed day)"];
        else if (CalendarFields.TryParseTime(request.Opens, out var o))
            opens = o;
        else
            problems["opens"] = ["a time as HH:mm"];
        if (!closesGiven)
            problems["closes"] = ["required with opens (leave both out for a closed day)"];
        else if (CalendarFields.TryParseTime(request.Closes, out var c))
            closes = c;
        else
            problems["closes"] = ["a time as HH:mm"];
        if (opens is { } from && closes is { } to && from >= to)
            problems["closes"] = ["must be later than opens"];
        return (opens, closes);
    }
}

/// <summary>A dated calendar entry as staff send it: a reason, and hours unless the branch is closed that day.</summary>
public sealed record CalendarEntryRequest(string? Reason, string? Opens, string? Closes);
