using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// The server's own schedule for seats, run every minute: bookings not checked in by the end of their window are
/// released as no-shows, leaves not returned from as overruns, and checked-in bookings whose time ran out finish. Each
/// release records a violation, which may suspend the reader, with its notices in the same transaction. Bookings are
/// locked and judged again under their lock, so a run repeated, late or on two instances changes each booking once;
/// after downtime the first run catches up on everything missed. Then the reminders due are queued.
/// </summary>
public sealed class ReleaseSeats(ISeatReleases releases, LibraryClock clock, IFreeSeatCounts counts)
{
    /// <summary>Bookings per transaction: a morning's no-shows are released in a few short transactions, not one long one.</summary>
    public const int BatchSize = 500;

    public async Task<SeatReleaseReport> HandleAsync(CancellationToken cancellationToken)
    {
        var report = new SeatReleaseReport(0, 0, 0, 0);
        while (true)
        {
            var (batch, locked) = await ReleaseBatchAsync(cancellationToken);
            report = report.Add(batch);
            if (locked < BatchSize || batch.Released + batch.Finished == 0)
                break;
        }
        // Released seats are free now: the zone list counts afresh and no zone stays marked full.
        if (report.Released + report.Finished > 0)
            await counts.ForgetAsync(cancellationToken);
        return report with { Reminders = await RemindAsync(cancellationToken) };
    }

    private async Task<(SeatReleaseReport Report, int Locked)> ReleaseBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var work = await releases.BeginAsync(cancellationToken);
        var locked = await work.LockDueAsync(now, BatchSize, cancellationToken);
        var ends = locked.Select(b => (Due: b, End: ReleaseRules.EndDue(b.Booking, now)))
            .Where(e => e.End is not null).Select(e => (e.Due, End: e.End!)).ToList();
        if (ends.Count == 0)
            return (new SeatReleaseReport(0, 0, 0, 0), locked.Count);

        await work.EndAsync([.. ends.Select(e => e.End)], now, cancellationToken);
        var released = ends.Where(e => e.End.IsViolation).ToList();
        var violations = await work.RecordViolationsAsync([.. released.Select(e => e.End)], cancellationToken);
        var judged = await ViolationJudgement.JudgeAsync(work, violations, now, cancellationToken);

        var notices = new List<Notice>();
        var audits = new List<AuditEntry>();
        var recorded = violations.Select(v => v.BookingId).ToHashSet();
        foreach (var (due, end) in released)
        {
            var patronId = due.Booking.PatronId;
            notices.Add(Released(due, end, now, judged.Rules, judged.Counting(patronId), judged.Suspends(patronId)));
            audits.Add(new AuditEntry(AuditEntry.System, "seat-booking.released", $"seat-booking:{due.Booking.Id}", new Dictionary<string, string?>
            {
                ["reason"] = end.Reason,
                ["dueAt"] = end.DueAt.ToString("O", CultureInfo.InvariantCulture),
                ["seat"] = due.SeatCode,
                ["violationRecorded"] = recorded.Contains(due.Booking.Id) ? "true" : "false",
            }));
        }
        foreach (var suspension in judged.Suspended)
        {
            var language = released.First(r => r.Due.Booking.PatronId == suspension.PatronId).Due.Language;
            notices.Add(ViolationJudgement.SuspendedNotice(suspension, language, clock));
            audits.Add(ViolationJudgement.SuspendedAudit(suspension));
        }
        await work.EnqueueAsync(notices, cancellationToken);
        await work.AuditAsync(audits, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (new SeatReleaseReport(released.Count, ends.Count - released.Count, judged.Suspended.Count, 0), locked.Count);
    }

    private async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var notices = new List<Notice>();
        foreach (var due in await releases.AwaitingReminderAsync(now, cancellationToken))
        {
            if (ReleaseRules.ReminderDue(due.Booking, now) is not { } reminder)
                continue;
            var deadline = SeatNoticeWording.Time(Local(reminder.Deadline));
            var closing = reminder.Kind == NoticeKind.SeatCheckinClosing;
            notices.Add(Notice.ForPatron(ReminderKey(reminder), reminder.Kind, due.Booking.PatronId, new Dictionary<string, string>
            {
                ["seat"] = due.SeatCode,
                ["zone"] = due.ZoneName,
                [closing ? "checkinBy" : "leaveUntil"] = deadline,
                ["hint"] = closing
                    ? SeatNoticeWording.CheckinClosingHint(due.Language, deadline)
                    : SeatNoticeWording.LeaveEndingHint(due.Language, deadline),
            }) with { StaleAfter = reminder.Deadline });
        }
        if (notices.Count > 0)
            await releases.EnqueueAsync(notices, cancellationToken);
        return notices.Count;
    }

    /// <summary>
    /// <c>{kind}:{bookingId}</c>; a leave reminder also names the leave, since a reader may step out more than once in
    /// one booking and each leave deserves its reminder.
    /// </summary>
    public static string ReminderKey(SeatReminder reminder) => reminder.Kind == NoticeKind.SeatLeaveEnding
        ? $"{reminder.Kind}:{reminder.Booking.Id}:{reminder.Deadline.ToUnixTimeSeconds()}"
        : $"{reminder.Kind}:{reminder.Booking.Id}";

    private Notice Released(DueSeatBooking due, ScheduledEnd end, DateTimeOffset now, SeatFairnessPolicy rules, int counting, bool suspended)
    {
        var at = Local(now);
        return Notice.ForPatron($"{NoticeKind.SeatReleased}:{due.Booking.Id}", NoticeKind.SeatReleased, due.Booking.PatronId, new Dictionary<string, string>
        {
            ["seat"] = due.SeatCode,
            ["zone"] = due.ZoneName,
            ["reason"] = end.Reason,
            ["reasonText"] = SeatNoticeWording.Reason(end.Reason),
            ["releasedAt"] = SeatNoticeWording.Time(at),
            ["releasedOn"] = SeatNoticeWording.Date(at),
            ["hint"] = SeatNoticeWording.ReleasedHint(due.Language, counting, rules, suspended),
        });
    }

    private DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, clock.Zone).DateTime;
}

/// <summary>What a run did: bookings released (violations), finished (time up), suspensions begun, reminders queued.</summary>
public sealed record SeatReleaseReport(int Released, int Finished, int Suspended, int Reminders)
{
    public SeatReleaseReport Add(SeatReleaseReport other) =>
        new(Released + other.Released, Finished + other.Finished, Suspended + other.Suspended, Reminders + other.Reminders);
}
