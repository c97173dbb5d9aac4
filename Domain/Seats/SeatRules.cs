using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// Seat booking's rules as pure code, each answering every reason that applies. Times are instants; the library's time
/// zone turns them into the library-local days and hours the rules speak of. Windows are half-open: check-in is
/// allowed from its opening minute up to, not including, its closing minute, when the release job takes over.
/// </summary>
public static class SeatRules
{
    /// <summary>Temporary leave over a meal (11:00–13:00, 17:00–19:00 library time) may last the zone's meal allowance.</summary>
    public static readonly IReadOnlyList<(TimeOnly From, TimeOnly To)> MealTimes =
        [(new TimeOnly(11, 0), new TimeOnly(13, 0)), (new TimeOnly(17, 0), new TimeOnly(19, 0))];

    public static SeatDecision DecideBooking(SeatBookingCase request, DateTimeOffset starts, DateTimeOffset ends, DateTimeOffset now, TimeZoneInfo zone)
    {
        List<SeatRefusal> reasons = [];
        var rules = request.Zone.Rules;
        var today = LocalDate(now, zone);
        switch (request.Reader.StandingOn(today))
        {
            case Standing.Restricted:
                reasons.Add(new SeatRefusal.PatronRestricted(request.Reader.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new SeatRefusal.PatronExpired(request.Reader.ExpiresOn));
                break;
        }
        if (request.Day.Suspension is { } suspension)
            reasons.Add(new SeatRefusal.Suspended(suspension.Until, suspension.Reason));
        if (request.Day.Live is { } live)
            reasons.Add(new SeatRefusal.AlreadyBooked(live.Id, live.SeatCode));
        if (request.DailyCancellations >= 0 && request.Day.CancellationsToday > 0 && request.Day.CancellationsToday >= request.DailyCancellations)
            reasons.Add(new SeatRefusal.TooManyCancellations(request.Day.CancellationsToday, request.DailyCancellations));

        if (!request.Zone.Enabled)
            reasons.Add(new SeatRefusal.ZoneClosed(null, null));
        else if (request.Closures.Where(c => c.From < ends && starts < c.To).OrderBy(c => c.From).FirstOrDefault() is { } closure)
            reasons.Add(new SeatRefusal.ZoneClosed(closure.Reason, closure.To));
        if (request.Seat is { Enabled: false } seat)
            reasons.Add(new SeatRefusal.SeatDisabled(seat.Code));

        if (starts < now.AddMinutes(-1))
            reasons.Add(new SeatRefusal.StartsInPast());
        var day = LocalDate(starts, zone);
        var opensAt = BookingOpensAt(rules, day, zone);
        if (now < opensAt)
            reasons.Add(new SeatRefusal.BookingNotOpen(opensAt));

        if (request.Calendar.HoursOn(day) is not { } hours)
            reasons.Add(new SeatRefusal.BranchClosed(day));
        else if (starts < At(day, hours.Opens, zone) || ends > At(day, hours.Closes, zone))
            reasons.Add(new SeatRefusal.OutsideOpeningHours(hours.Opens, hours.Closes));

        var minutes = (int)Math.Floor((ends - starts).TotalMinutes);
        if (minutes < rules.MinMinutes)
            reasons.Add(new SeatRefusal.TooShort(minutes, rules.MinMinutes));
        else if (minutes > rules.MaxMinutes)
            reasons.Add(new SeatRefusal.TooLong(minutes, rules.MaxMinutes));
        var used = request.Day.DayBookings.Sum(b => b.MinutesHeld);
        if (minutes > 0 && used + minutes > rules.DailyMaxMinutes)
            reasons.Add(new SeatRefusal.DailyLimit(used, minutes, rules.DailyMaxMinutes));

        return reasons.Count > 0 ? new SeatDecision.Refused(reasons) : new SeatDecision.Allowed();
    }

    /// <summary>When booking for <paramref name="day"/> opens: at the zone's time that day, or the evening before.</summary>
    public static DateTimeOffset BookingOpensAt(SeatZoneRules rules, DateOnly day, TimeZoneInfo zone) =>
        At(rules.OpensDayBefore ? day.AddDays(-1) : day, rules.BookingOpensAt, zone);

    /// <summary>How far from now an asked start may lie: checked before any date arithmetic, which an extreme start would overflow.</summary>
    public static readonly TimeSpan StartBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan StartAfter = TimeSpan.FromDays(8);

    /// <summary>Null when no start is asked or it lies from a day before now to eight days after; else why not.</summary>
    public static SeatRefusal? DecideStart(DateTimeOffset? starts, DateTimeOffset now)
    {
        if (starts is not { } asked)
            return null;
        var (earliest, latest) = (now - StartBefore, now + StartAfter);
        return asked < earliest || asked > latest ? new SeatRefusal.StartOutOfRange(earliest, latest) : null;
    }

    /// <summary>
    /// When a booking made now starts and ends: at <see cref="DefaultStart"/> unless a start is asked (bounded by
    /// <see cref="DecideStart"/> first); the length asked, or the zone's default cut at closing time.
    /// </summary>
    public static (DateTimeOffset Starts, DateTimeOffset Ends) Interval(
        SeatZoneRules rules, Loans.LibraryCalendar calendar, DateTimeOffset now, DateTimeOffset? starts, int? minutes, TimeZoneInfo zone)
    {
        var start = starts ?? DefaultStart(rules, calendar, now, zone);
        if (minutes is { } asked)
            return (start, start.AddMinutes(asked));
        var end = start.AddMinutes(rules.DefaultMinutes);
        var day = LocalDate(start, zone);
        if (calendar.HoursOn(day) is { } hours && At(day, hours.Closes, zone) is var closes && closes < end && closes > start)
            end = closes;
        return (start, end);
    }

    /// <summary>
    /// Where a booking with no start asked begins: now (to the minute), or the branch's opening when that is later today,
    /// so the 7 a.m. rush books seats of a branch opening at 8. Once the branch has closed for today, a zone booked the
    /// evening before starts at the next open day's opening; any other zone at now, which the rules then refuse.
    /// </summary>
    public static DateTimeOffset DefaultStart(SeatZoneRules rules, Loans.LibraryCalendar calendar, DateTimeOffset now, TimeZoneInfo zone)
    {
        var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), now.Offset);
        var today = LocalDate(now, zone);
        if (calendar.HoursOn(today) is { } hours && now < At(today, hours.Closes, zone))
            return At(today, hours.Opens, zone) is var opens && opens > minute ? opens : minute;
        if (rules.OpensDayBefore && calendar.OpenOnOrAfter(today.AddDays(1)) is { } next && calendar.HoursOn(next) is { } nextHours)
            return At(next, nextHours.Opens, zone);
        return minute;
    }

    /// <remarks>A booking shorter than its window closes it at its end, as the release job does (<c>ReleaseRules.EndDue</c>).</remarks>
    public static (DateTimeOffset Opens, DateTimeOffset Closes) CheckInWindow(SeatBooking booking, SeatZoneRules rules)
    {
        var closes = booking.Starts.AddMinutes(rules.CheckinClosesMinutes);
        return (booking.Starts.AddMinutes(-rules.CheckinOpensMinutes), closes < booking.Ends ? closes : booking.Ends);
    }

    /// <summary>Check-in by the booking's own reader (the caller makes sure), at the booked seat, within the window.</summary>
    public static IReadOnlyList<SeatRefusal> DecideCheckIn(SeatBooking booking, SeatZoneRules rules, string scannedCode, DateTimeOffset now)
    {
        if (!booking.Live)
            return [new SeatRefusal.BookingEnded(booking.Status)];
        if (booking.Status != SeatBookingStatus.Booked)
            return [new SeatRefusal.AlreadyCheckedIn()];
        List<SeatRefusal> reasons = [];
        if (!string.Equals(scannedCode, booking.SeatCode, StringComparison.OrdinalIgnoreCase))
            reasons.Add(new SeatRefusal.WrongSeat(scannedCode, booking.SeatCode));
        var (opens, closes) = CheckInWindow(booking, rules);
        if (now < opens)
            reasons.Add(new SeatRefusal.CheckInNotYetOpen(opens));
        else if (now >= closes)
            reasons.Add(new SeatRefusal.CheckInClosed(closes));
        return reasons;
    }

    /// <summary>How long a temporary leave started at this library-local time may last.</summary>
    public static int LeaveAllowance(SeatZoneRules rules, TimeOnly localTime) =>
        MealTimes.Any(m => localTime >= m.From && localTime < m.To) ? rules.MealLeaveMinutes : rules.LeaveMinutes;

    /// <summary>Temporary leave (暂离) from a checked-in seat: until its allowance runs out, or the booking ends if sooner.</summary>
    public static SeatLeaveDecision DecideLeave(SeatBooking booking, SeatZoneRules rules, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!booking.Live)
            return new SeatLeaveDecision.Refused(new SeatRefusal.BookingEnded(booking.Status));
        if (booking.Status == SeatBookingStatus.OnLeave)
            return new SeatLeaveDecision.Refused(new SeatRefusal.AlreadyOnLeave(booking.LeaveUntil ?? now));
        if (booking.Status != SeatBookingStatus.CheckedIn)
            return new SeatLeaveDecision.Refused(new SeatRefusal.NotCheckedIn());
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var until = now.AddMinutes(LeaveAllowance(rules, local));
        return new SeatLeaveDecision.Allowed(until < booking.Ends ? until : booking.Ends);
    }

    /// <summary>Back from temporary leave, while it lasts; after it the seat is the release job's.</summary>
    public static IReadOnlyList<SeatRefusal> DecideReturn(SeatBooking booking, DateTimeOffset now) =>
        !booking.Live ? [new SeatRefusal.BookingEnded(booking.Status)]
        : booking.Status != SeatBookingStatus.OnLeave ? [new SeatRefusal.NotOnLeave()]
        : booking.LeaveUntil is { } until && now >= until ? [new SeatRefusal.LeaveExpired(until)]
        : [];

    /// <summary>Leaving the seat (签退) ends a checked-in booking early; one not checked in is cancelled instead.</summary>
    public static IReadOnlyList<SeatRefusal> DecideFinish(SeatBooking booking) =>
        !booking.Live ? [new SeatRefusal.BookingEnded(booking.Status)]
        : booking.Status == SeatBookingStatus.Booked ? [new SeatRefusal.NotCheckedIn()]
        : [];

    /// <summary>A reader cancels a booking not yet checked in; once seated they leave the seat instead.</summary>
    public static IReadOnlyList<SeatRefusal> DecideCancel(SeatBooking booking) =>
        !booking.Live ? [new SeatRefusal.BookingEnded(booking.Status)]
        : booking.Status != SeatBookingStatus.Booked ? [new SeatRefusal.AlreadyCheckedIn()]
        : [];

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The instant a library-local date and time names.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The instants a library-local day runs between.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Day(DateOnly date, TimeZoneInfo zone) =>
        (At(date, TimeOnly.MinValue, zone), At(date.AddDays(1), TimeOnly.MinValue, zone));
}

public abstract record SeatDecision
{
    private SeatDecision()
    {
    }

    public sealed record Allowed : SeatDecision;

    public sealed record Refused(IReadOnlyList<SeatRefusal> Reasons) : SeatDecision;
}

public abstract record SeatLeaveDecision
{
    private SeatLeaveDecision()
    {
    }

    public sealed record Allowed(DateTimeOffset Until) : SeatLeaveDecision;

    public sealed record Refused(SeatRefusal Reason) : SeatLeaveDecision;
}
