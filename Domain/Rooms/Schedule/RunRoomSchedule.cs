using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Domain.Rooms.Schedule;

/// <summary>
/// The server's own schedule for rooms, run every minute: groups not confirmed (or not approved) by their deadline
/// lapse, confirmed bookings nobody checked into by the end of the window are released as the organiser's no-show
/// (a violation under the seat fairness rules, which may suspend them), and checked-in bookings whose time ran out
/// finish; every ending frees the room and the members at once, with its notices in the same transaction. Bookings are
/// locked and judged again under their lock, so a run repeated, late or on two instances changes each booking once;
/// after downtime the first run catches up on everything missed. Then the start reminders due are queued.
/// </summary>
public sealed class RunRoomSchedule(IRoomSchedule schedule, LibraryClock clock)
{
    /// <summary>Bookings per transaction: a morning's no-shows end in a few short transactions, not one long one.</summary>
    public const int BatchSize = 200;

    public async Task<RoomScheduleReport> HandleAsync(CancellationToken cancellationToken)
    {
        var report = new RoomScheduleReport(0, 0, 0, 0, 0);
        while (true)
        {
            var (batch, locked) = await EndBatchAsync(cancellationToken);
            report = report.Add(batch);
            if (locked < BatchSize || batch.Ended == 0)
                break;
        }
        return report with { Reminders = await RemindAsync(cancellationToken) };
    }

    private async Task<(RoomScheduleReport Report, int Locked)> EndBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var work = await schedule.BeginAsync(cancellationToken);
        var locked = await work.LockDueAsync(now, BatchSize, cancellationToken);
        var ends = locked.Select(b => (Due: b, End: RoomScheduleRules.EndDue(b.Booking, now)))
            .Where(e => e.End is not null).Select(e => (e.Due, End: e.End!)).ToList();
        if (ends.Count == 0)
            return (new RoomScheduleReport(0, 0, 0, 0, 0), locked.Count);

        await work.EndAsync([.. ends.Select(e => e.End)], now, cancellationToken);
        var released = ends.Where(e => e.End.IsViolation).ToList();
        var violations = await work.RecordNoShowsAsync([.. released.Select(e => e.End)], cancellationToken);
        var judged = await ViolationJudgement.JudgeAsync(work, violations, now, cancellationToken);
        var recorded = violations.Select(v => v.BookingId).ToHashSet();

        var notices = new List<Notice>();
        var audits = new List<AuditEntry>();
        foreach (var (due, end) in ends.Where(e => e.End.Status != RoomScheduledEnd.Finished))
        {
            foreach (var member in RoomScheduleRules.Told(end, due.Members))
                notices.Add(end.IsViolation ? Released(due, end, member, now, judged) : Lapsed(due, end, member));
            audits.Add(new AuditEntry(AuditEntry.System, $"room-booking.{end.Status}", $"room-booking:{due.Booking.Id}", new Dictionary<string, string?>
            {
                ["reason"] = end.Reason,
                ["dueAt"] = end.DueAt.ToString("O", CultureInfo.InvariantCulture),
                ["room"] = due.Room.Code,
                ["violationRecorded"] = end.IsViolation ? (recorded.Contains(due.Booking.Id) ? "true" : "false") : null,
            }));
        }
        foreach (var suspension in judged.Suspended)
        {
            var organiser = released.Select(r => r.Due.Members.FirstOrDefault(m => m.PatronId == suspension.PatronId)).First(m => m is not null)!;
            notices.Add(ViolationJudgement.SuspendedNotice(suspension, organiser.Language, clock));
            audits.Add(ViolationJudgement.SuspendedAudit(suspension));
        }
        await work.EnqueueAsync(notices, cancellationToken);
        await work.AuditAsync(audits, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (new RoomScheduleReport(
            ends.Count(e => e.End.Status == RoomScheduledEnd.Lapsed), released.Count,
            ends.Count(e => e.End.Status == RoomScheduledEnd.Finished), judged.Suspended.Count, 0), locked.Count);
    }

    private async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var notices = new List<Notice>();
        foreach (var due in await schedule.AwaitingReminderAsync(now, cancellationToken))
        {
            if (!RoomScheduleRules.StartingReminderDue(due.Booking, now) || !RoomScheduleRules.Reminded(due.Member))
                continue;
            var booking = due.Booking;
            var start = Time(booking.Start);
            notices.Add(Notice.ForPatron(Key(NoticeKind.RoomStarting, booking.Id, due.Member.PatronId), NoticeKind.RoomStarting, due.Member.PatronId,
                new Dictionary<string, string>
                {
                    ["bookingId"] = booking.Id.ToString(CultureInfo.InvariantCulture),
                    ["room"] = due.Room.Name,
                    ["roomCode"] = due.Room.Code,
                    ["date"] = Date(booking.Start),
                    ["starts"] = start,
                    ["ends"] = Time(booking.End),
                    ["checkinBy"] = Time(booking.CheckinClosesAt),
                    ["hint"] = RoomScheduleWording.StartingHint(due.Member.Language, Name(due.Room, due.Member.Language), start,
                        Time(booking.CheckinOpensAt), Time(booking.CheckinClosesAt)),
                }) with { StaleAfter = booking.Start });
        }
        if (notices.Count > 0)
            await schedule.EnqueueAsync(notices, cancellationToken);
        return notices.Count;
    }

    /// <summary><c>{kind}:{bookingId}:{patronId}</c>: one notice of each kind per member of a booking, however many runs.</summary>
    public static string Key(string kind, long bookingId, long patronId) => $"{kind}:{bookingId}:{patronId}";

    private Notice Lapsed(DueRoomBooking due, RoomScheduledEnd end, RoomMemberToTell member)
    {
        var confirmed = due.Members.Count(m => m.Status == RoomMemberToTell.Confirmed);
        return Notice.ForPatron(Key(NoticeKind.RoomLapsed, due.Booking.Id, member.PatronId), NoticeKind.RoomLapsed, member.PatronId, new Dictionary<string, string>
        {
            ["bookingId"] = due.Booking.Id.ToString(CultureInfo.InvariantCulture),
            ["room"] = due.Room.Name,
            ["roomCode"] = due.Room.Code,
            ["date"] = Date(due.Booking.Start),
            ["starts"] = Time(due.Booking.Start),
            ["ends"] = Time(due.Booking.End),
            ["reason"] = end.Reason,
            ["reasonText"] = RoomScheduleWording.Reason(end.Reason),
            ["hint"] = RoomScheduleWording.LapsedHint(member.Language, end.Reason, Time(end.DueAt), confirmed, due.MinGroup),
        });
    }

    private Notice Released(DueRoomBooking due, RoomScheduledEnd end, RoomMemberToTell member, DateTimeOffset now, JudgedViolations judged)
    {
        var fields = new Dictionary<string, string>
        {
            ["bookingId"] = due.Booking.Id.ToString(CultureInfo.InvariantCulture),
            ["room"] = due.Room.Name,
            ["roomCode"] = due.Room.Code,
            ["date"] = Date(due.Booking.Start),
            ["starts"] = Time(due.Booking.Start),
            ["ends"] = Time(due.Booking.End),
            ["releasedAt"] = Time(now),
            ["releasedOn"] = Date(now),
            ["reason"] = end.Reason,
            ["reasonText"] = RoomScheduleWording.Reason(end.Reason),
            ["hint"] = RoomScheduleWording.ReleasedHint(member.Language, Time(end.DueAt), member.IsOrganiser,
                judged.Counting(member.PatronId), judged.Rules, judged.Suspends(member.PatronId)),
        };
        if (member.IsOrganiser)
            fields["violations"] = judged.Counting(member.PatronId).ToString(CultureInfo.InvariantCulture);
        return Notice.ForPatron(Key(NoticeKind.RoomReleased, due.Booking.Id, member.PatronId), NoticeKind.RoomReleased, member.PatronId, fields);
    }

    private static string Name(RoomNames room, Language language) => language == Language.En ? room.NameEn : room.Name;

    private string Time(DateTimeOffset at) => SeatNoticeWording.Time(Local(at));

    private string Date(DateTimeOffset at) => SeatNoticeWording.Date(Local(at));

    private DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, clock.Zone).DateTime;
}

/// <summary>What a run did: bookings lapsed, released as no-shows, finished, suspensions begun, reminders queued.</summary>
public sealed record RoomScheduleReport(int Lapsed, int Released, int Finished, int Suspended, int Reminders)
{
    public int Ended => Lapsed + Released + Finished;

    public RoomScheduleReport Add(RoomScheduleReport other) =>
        new(Lapsed + other.Lapsed, Released + other.Released, Finished + other.Finished, Suspended + other.Suspended, Reminders + other.Reminders);
}
