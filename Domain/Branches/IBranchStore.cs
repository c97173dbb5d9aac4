using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Branches;

public interface IBranchStore
{
    Task<IReadOnlyList<Branch>> ListAsync(CancellationToken cancellationToken);

    Task<Branch?> FindAsync(string code, CancellationToken cancellationToken);

    /// <summary>The branch's weekly hours and its dated entries from <paramref name="from"/> to <paramref name="to"/>; null when no such branch.</summary>
    Task<LibraryCalendar?> CalendarAsync(string code, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces the branch's entry for that date, with the audit row <paramref name="audit"/> makes from the entry
    /// it replaces (null when new), in one transaction. False when no branch has the code.
    /// </summary>
    Task<bool> SetCalendarDateAsync(string code, CalendarDate entry, Func<CalendarDate?, AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>Removes the branch's entry for that date with its audit row; the entry removed, or null when there was none.</summary>
    Task<CalendarDate?> RemoveCalendarDateAsync(string code, DateOnly date, Func<CalendarDate, AuditEntry> audit, CancellationToken cancellationToken);
}
