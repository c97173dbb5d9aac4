using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Notices;

/// <summary>
/// The daily due-date scan: for the scan date (the library's today unless given), each enabled rule's due dates are
/// worked out here, and the store queues one notice per reader and kind (one reminder, one overdue notice at most),
/// named after the reader's most urgent due date and its rule. Running it again for a date
/// queues nothing new. The day's scheduled scan also catches up the days since the last scan (at most a week) that
/// downtime missed, once: their overdue notices are still true and go now; a reminder whose due date has passed would
/// no longer be, and is left out.
/// </summary>
public sealed class RunDueNoticeScan(INoticeRules rules, IDueNoticeScan scan, LibraryClock clock)
{
    public const int CatchUpDays = 7;

    /// <summary>
    /// Only today's scan runs on demand: an earlier day is caught up by today's, and a later day's notices (overdue
    /// tomorrow) are not true yet.
    /// </summary>
    public bool MayRunFor(DateOnly date) => date == clock.Today;

    public async Task<ScanReport> HandleAsync(DateOnly? scanDate, CancellationToken cancellationToken)
    {
        var date = scanDate ?? clock.Today;
        var dates = scanDate is null ? await DatesSinceLastScanAsync(date, cancellationToken) : [date];
        var firings = (await rules.ListAsync(cancellationToken))
            .Where(rule => rule.Enabled)
            .SelectMany(rule => dates.SelectMany(day => NoticeSchedule.DueDatesFiringOn(rule, day)
                .Where(due => day == date || !(rule.Kind == NoticeKind.DueReminder && due.DueOn < date))
                .Select(due => new NoticeFiring(rule, due.DueOn, due.Occurrence, DueNoticeWording.Status(rule)))))
            // A due date caught up over several missed days fires once, at its firmest level: not "+1" and "+7" together.
            .GroupBy(firing => (firing.Rule.PatronGroup, firing.Rule.Kind, firing.DueOn))
            .Select(same => same.OrderByDescending(f => f.Rule.Level).ThenByDescending(f => f.Occurrence).First())
            .ToList();
        return await scan.RunAsync(date, firings, cancellationToken);
    }

    /// <summary>The days from the one after the last scan up to <paramref name="today"/>; only today for a first scan.</summary>
    private async Task<IReadOnlyList<DateOnly>> DatesSinceLastScanAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var earlier = (await scan.RecentAsync(CatchUpDays + 1, cancellationToken)).Where(r => r.ScanDate < today).Select(r => r.ScanDate).ToList();
        var first = earlier.Count == 0 ? today : Later(earlier.Max().AddDays(1), today.AddDays(-CatchUpDays));
        return [.. Enumerable.Range(0, today.DayNumber - first.DayNumber + 1).Select(first.AddDays)];
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
