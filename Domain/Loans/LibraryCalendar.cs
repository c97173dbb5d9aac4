using WeChatLib.Domain.Branches;

namespace WeChatLib.Domain.Loans;

/// <summary>The days a library is open: its weekly hours, overridden by dated entries (holidays, closures, special hours).</summary>
public sealed class LibraryCalendar(IEnumerable<OpeningHours> weekly, IEnumerable<CalendarDate> dates)
{
    /// <summary>How far a search for an open day looks: a calendar closed for a whole year has no answer.</summary>
    public const int SearchDays = 366;

    private readonly Dictionary<DayOfWeek, OpeningHours> weekly =
        weekly.Where(h => h.Opens < h.Closes).ToDictionary(h => h.Day);

    private readonly Dictionary<DateOnly, CalendarDate> dates = dates.ToDictionary(e => e.Date);

    public CalendarDate? EntryOn(DateOnly date) => dates.GetValueOrDefault(date);

    public bool IsOpenOn(DateOnly date) =>
        dates.TryGetValue(date, out var entry) ? !entry.Closed : weekly.ContainsKey(date.DayOfWeek);

    /// <summary>The hours on that date, or null when closed.</summary>
    public (TimeOnly Opens, TimeOnly Closes)? HoursOn(DateOnly date) =>
        dates.TryGetValue(date, out var entry)
            ? entry.Closed ? null : (entry.Opens!.Value, entry.Closes!.Value)
            : weekly.TryGetValue(date.DayOfWeek, out var hours) ? (hours.Opens, hours.Closes) : null;

    public DateOnly? OpenOnOrAfter(DateOnly date) => Search(date, 1);

    public DateOnly? OpenOnOrBefore(DateOnly date) => Search(date, -1);

    private DateOnly? Search(DateOnly date, int step)
    {
        for (var i = 0; i < SearchDays; i++, date = date.AddDays(step))
        {
            if (IsOpenOn(date))
            {
                return date;
            }
        }

        return null;
    }
}
