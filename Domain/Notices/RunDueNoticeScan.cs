using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Notices;

/// <summary>
/// The daily due-date scan: for the scan date (the library's today unless given), each enabled rule's due dates are
/// worked out here, and the store queues one notice per reader per rule and due date. Running it again for a date
/// queues nothing new.
/// </summary>
public sealed class RunDueNoticeScan(INoticeRules rules, IDueNoticeScan scan, LibraryClock clock)
{
    public async Task<ScanReport> HandleAsync(DateOnly? scanDate, CancellationToken cancellationToken)
    {
        var date = scanDate ?? clock.Today;
        var firings = (await rules.ListAsync(cancellationToken))
            .Where(rule => rule.Enabled)
            .SelectMany(rule => NoticeSchedule.DueDatesFiringOn(rule, date)
                .Select(due => new NoticeFiring(rule, due.DueOn, due.Occurrence, DueNoticeWording.Status(rule))))
            .ToList();
        return await scan.RunAsync(date, firings, cancellationToken);
    }
}
