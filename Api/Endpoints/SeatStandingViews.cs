using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Api.Endpoints;

/// <summary>A reader's seat standing.</summary>
/// <param name="Suspended">Whether seat booking is suspended now.</param>
/// <param name="SuspendedUntil">When the suspension in force ends.</param>
/// <param name="SuspensionReason">Why it was suspended, e.g. <c>30天内违约3次</c>.</param>
/// <param name="Counting">Violations that count towards the next suspension.</param>
/// <param name="ViolationsToSuspend">How many violations within <paramref name="ViolationWindowDays"/> days suspend booking.</param>
/// <param name="ViolationWindowDays">The window violations are counted in.</param>
/// <param name="SuspensionDays">How long a suspension lasts.</param>
/// <param name="Violations">Violations within the window, newest first.</param>
public sealed record MySeatStandingView(bool Suspended, DateTimeOffset? SuspendedUntil, string? SuspensionReason, int Counting,
    int ViolationsToSuspend, int ViolationWindowDays, int SuspensionDays, SeatViolationView[] Violations)
{
    public static MySeatStandingView From(SeatStandingView standing, LibraryClock clock) => new(
        standing.Suspension is not null, standing.Suspension?.EndsAt, standing.Suspension?.Reason, standing.Counting,
        standing.Rules.ViolationsToSuspend, standing.Rules.ViolationWindowDays, standing.Rules.SuspensionDays,
        [.. standing.InWindow.Select(v => SeatViolationView.From(v.Record, v.Counts, standing.Language, clock))]);
}

/// <summary>A reader's whole seat record, for staff.</summary>
/// <param name="CardNumber">The reader's card number.</param>
/// <param name="Rules">The fairness rules now in force.</param>
/// <param name="Suspension">The suspension in force now, if any.</param>
/// <param name="Counting">Violations that count towards the next suspension.</param>
/// <param name="Violations">Every violation, newest first; <c>counts</c> is false once it has left the window or was answered by a suspension.</param>
/// <param name="Suspensions">Every suspension, newest first, lifted ones with who lifted them and why.</param>
public sealed record StaffSeatStandingView(string CardNumber, SeatSuspensionView? Suspension, int Counting, SeatRulesView Rules,
    SeatViolationView[] Violations, SeatSuspensionView[] Suspensions)
{
    public static StaffSeatStandingView From(string cardNumber, SeatStandingView standing, LibraryClock clock)
    {
        var counting = standing.InWindow.Where(v => v.Counts).Select(v => v.Record.Violation.Id).ToHashSet();
        return new(cardNumber, standing.Suspension is { } s ? SeatSuspensionView.From(s) : null, standing.Counting, SeatRulesView.From(standing.Rules),
            [.. standing.AllViolations.Select(v => SeatViolationView.From(v, counting.Contains(v.Violation.Id), Language.Zh, clock))],
            [.. standing.AllSuspensions.Select(SeatSuspensionView.From)]);
    }
}

/// <summary>One violation and the booking it ended.</summary>
/// <param name="Id">The violation's id.</param>
/// <param name="BookingId">The booking it released.</param>
/// <param name="Seat">The seat's code (the room's, for a room no-show).</param>
/// <param name="Zone">The seat's zone (or the room), in the reader's language.</param>
/// <param name="BookingStart">When the booking began.</param>
/// <param name="BookingEnd">When the booking would have ended.</param>
/// <param name="Kind"><c>no_show</c> (not checked in in time), <c>leave_overrun</c> (not back from leave) or <c>room_no_show</c> (a room organised, unused).</param>
/// <param name="OccurredAt">When the window closed or the leave ran out.</param>
/// <param name="ReleasedAt">When the server released the seat.</param>
/// <param name="Summary">In one line, e.g. <c>12-02 07:31 释放：未按时签到</c> or <c>Released 12-02 07:31: no check-in</c>.</param>
/// <param name="Counts">Whether it counts towards the next suspension.</param>
public sealed record SeatViolationView(long Id, long BookingId, string Kind, string Seat, string Zone, DateTimeOffset BookingStart,
    DateTimeOffset BookingEnd, DateTimeOffset OccurredAt, DateTimeOffset? ReleasedAt, string Summary, bool Counts)
{
    public static SeatViolationView From(SeatViolationOnRecord record, bool counts, Language language, LibraryClock clock)
    {
        var released = record.ReleasedAt ?? record.Violation.OccurredAt;
        return new(record.Violation.Id, record.Violation.BookingId, record.Violation.Kind, record.SeatCode,
            language == Language.En ? record.ZoneNameEn : record.ZoneName, record.BookingStart, record.BookingEnd, record.Violation.OccurredAt,
            record.ReleasedAt, SeatNoticeWording.ReleasedSummary(language, TimeZoneInfo.ConvertTime(released, clock.Zone).DateTime, record.Violation.Kind),
            counts);
    }
}

/// <summary>A suspension of seat booking, in force from <paramref name="StartsAt"/> until <paramref name="EndsAt"/> unless lifted.</summary>
/// <param name="Id">The suspension's id (staff lift it by it).</param>
/// <param name="StartsAt">When it began.</param>
/// <param name="EndsAt">When it ends.</param>
/// <param name="Reason">Why, e.g. <c>30天内违约3次</c>.</param>
/// <param name="LiftedAt">When staff lifted it.</param>
/// <param name="ViolationId">The violation that tipped it.</param>
/// <param name="LiftedBy">The staff member who lifted it (<c>staff:ID</c>).</param>
/// <param name="LiftNote">Why they lifted it.</param>
public sealed record SeatSuspensionView(long Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, long? ViolationId,
    DateTimeOffset? LiftedAt, string? LiftedBy, string? LiftNote)
{
    public static SeatSuspensionView From(SeatSuspension s) => new(s.Id, s.StartsAt, s.EndsAt, s.Reason, s.ViolationId, s.LiftedAt, s.LiftedBy, s.LiftNote);
}

/// <summary>The fairness rules.</summary>
/// <param name="ViolationsToSuspend">Violations within the window that suspend seat booking, 1 to 100.</param>
/// <param name="ViolationWindowDays">Days violations are counted in, 1 to 365.</param>
/// <param name="SuspensionDays">Days a suspension lasts, 1 to 365.</param>
/// <param name="DailyCancellations">Bookings a reader may cancel a day, 0 to 100.</param>
public sealed record SeatRulesView(int ViolationsToSuspend, int ViolationWindowDays, int SuspensionDays, int DailyCancellations)
{
    public static SeatRulesView From(SeatFairnessPolicy rules) => new(rules.ViolationsToSuspend, rules.ViolationWindowDays, rules.SuspensionDays, rules.DailyCancellations);
}
