using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// Room booking's rules as pure code, each answering every reason that applies. Times are instants; the library's time
/// zone turns them into the library-local days and hours the rules speak of. Bookings are whole 30-minute slots; windows
/// are half-open: check-in is allowed from its opening minute up to, not including, its closing minute.
/// </summary>
public static class RoomRules
{
    public const int SlotMinutes = 30;

    private const long SlotSeconds = SlotMinutes * 60;

    public static RoomDecision DecideBooking(RoomBookingCase request, DateTimeOffset starts, DateTimeOffset ends, DateTimeOffset now, TimeZoneInfo zone)
    {
        List<RoomRefusal> reasons = [];
        var room = request.Room;
        var limits = request.Limits;
        var organiser = request.Organiser;
        var today = LocalDate(now, zone);
        switch (organiser.StandingOn(today))
        {
            case Standing.Restricted:
                reasons.Add(new RoomRefusal.PatronRestricted(organiser.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new RoomRefusal.PatronExpired(organiser.ExpiresOn));
                break;
        }
        if (request.OrganiserDay.Suspension is { } suspension)
            reasons.Add(new RoomRefusal.Suspended(suspension.Until, suspension.Reason));

        if (!room.Enabled)
            reasons.Add(new RoomRefusal.RoomDisabled(room.Code));
        else if (request.Blocks.Where(b => b.From < ends && starts < b.To).OrderBy(b => b.From).FirstOrDefault() is { } block)
            reasons.Add(new RoomRefusal.RoomBlocked(block.Reason, block.To));
        if (!room.Admits(organiser.Group))
            reasons.Add(new RoomRefusal.GroupNotAllowed(organiser.Group.Code()));

        if (!Aligned(starts) || !Aligned(ends))
            reasons.Add(new RoomRefusal.NotAligned());
        if (starts < now)
            reasons.Add(new RoomRefusal.StartsInPast());
        var day = LocalDate(starts, zone);
        var lastDay = limits.LastBookableDate(today);
        if (day > lastDay)
            reasons.Add(new RoomRefusal.TooFarAhead(lastDay, limits.DaysAhead));
        if (request.Calendar.HoursOn(day) is not { } hours)
            reasons.Add(new RoomRefusal.BranchClosed(day));
        else if (starts < At(day, hours.Opens, zone) || ends > At(day, hours.Closes, zone))
            reasons.Add(new RoomRefusal.OutsideOpeningHours(hours.Opens, hours.Closes));
        var minutes = (int)Math.Floor((ends - starts).TotalMinutes);
        if (minutes < SlotMinutes)
            reasons.Add(new RoomRefusal.TooShort(minutes));
        else if (minutes > limits.MaxMinutes)
            reasons.Add(new RoomRefusal.TooLong(minutes, limits.MaxMinutes));

        var size = 1 + request.Companions.Count;
        if (size > room.Capacity)
            reasons.Add(new RoomRefusal.GroupTooLarge(size, room.Capacity));
        if (size < room.MinGroup)
            reasons.Add(new RoomRefusal.GroupTooSmall(size, room.MinGroup));
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var companion in request.Companions)
        {
            var card = companion.Card.Trim();
            if (!named.Add(card))
                reasons.Add(new RoomRefusal.CompanionRepeated(card));
            else if (companion.Reader is not { } reader)
                reasons.Add(new RoomRefusal.CompanionUnknown(card));
            else if (reader.Id == organiser.Id)
                reasons.Add(new RoomRefusal.CompanionIsOrganiser(card));
            else
                reasons.AddRange(CompanionReasons(companion, reader, room, limits, starts, ends, minutes, today));
        }

        if (minutes > 0 && request.OrganiserDay.Overlapping(starts, ends) is { } held)
            reasons.Add(new RoomRefusal.AlreadyInRoom(held.BookingId, held.RoomCode));
        if (minutes > 0 && request.OrganiserDay.MinutesUsed + minutes > limits.DailyMaxMinutes)
            reasons.Add(new RoomRefusal.DailyLimit(request.OrganiserDay.MinutesUsed, minutes, limits.DailyMaxMinutes));

        return reasons.Count > 0 ? new RoomDecision.Refused(reasons) : new RoomDecision.Allowed();
    }

    /// <summary>
    /// A start so far from now that no other rule need be asked (near the calendar's ends its times cannot even be
    /// computed): before yesterday, or days beyond the last day one may book; null for a start the rules can judge.
    /// </summary>
    public static RoomRefusal? OutOfReach(DateTimeOffset starts, DateTimeOffset now, RoomLimits limits, TimeZoneInfo zone) =>
        starts < now.AddDays(-1) ? new RoomRefusal.StartsInPast()
        : starts > now.AddDays(limits.DaysAhead + 2) ? new RoomRefusal.TooFarAhead(limits.LastBookableDate(LocalDate(now, zone)), limits.DaysAhead)
        : null;

    private static IEnumerable<RoomRefusal> CompanionReasons(RoomCompanion companion, Patron reader, Room room, RoomLimits limits,
        DateTimeOffset starts, DateTimeOffset ends, int minutes, DateOnly today)
    {
        var card = companion.Card.Trim();
        if (!companion.Bound)
            yield return new RoomRefusal.CompanionNotBound(card);
        if (reader.StandingOn(today) != Standing.Good)
            yield return new RoomRefusal.CompanionInactive(card);
        if (!room.Admits(reader.Group))
            yield return new RoomRefusal.CompanionGroupNotAllowed(card);
        if (minutes > 0 && companion.Day.Overlapping(starts, ends) is not null)
            yield return new RoomRefusal.CompanionBusy(card);
        if (minutes > 0 && companion.Day.MinutesUsed + minutes > limits.DailyMaxMinutes)
            yield return new RoomRefusal.CompanionDailyLimit(card, companion.Day.MinutesUsed, minutes, limits.DailyMaxMinutes);
    }

    /// <summary>When the group must have confirmed (and staff approved): the library's minutes from now, never later than the start.</summary>
    public static DateTimeOffset ConfirmBy(RoomLimits limits, DateTimeOffset starts, DateTimeOffset now) =>
        now.AddMinutes(limits.ConfirmMinutes) is var by && by < starts ? by : starts;

    /// <summary>Where a booking goes once enough of its group confirmed: to staff if the room needs approval, else confirmed.</summary>
    public static string StatusOnceGroupConfirmed(Room room) => room.NeedsApproval ? RoomBookingStatus.AwaitingApproval : RoomBookingStatus.Confirmed;

    /// <summary>A new booking waits for its companions, unless the organiser alone is group enough.</summary>
    public static string StatusOnBooking(Room room) => room.MinGroup <= 1 ? StatusOnceGroupConfirmed(room) : RoomBookingStatus.Pending;

    /// <summary>The booking's status once one more companion confirms; null when it stays as it is.</summary>
    public static string? StatusAfterConfirmation(RoomBooking booking, Room room) =>
        booking.Status == RoomBookingStatus.Pending && booking.ConfirmedCount + 1 >= room.MinGroup ? StatusOnceGroupConfirmed(room) : null;

    /// <summary>Until when a companion may confirm: the group's deadline while it gathers (or awaits staff), the end once it holds.</summary>
    public static DateTimeOffset ConfirmDeadline(RoomBooking booking) =>
        booking.Status is RoomBookingStatus.Pending or RoomBookingStatus.AwaitingApproval ? booking.ConfirmBy : booking.Ends;

    /// <summary>A companion confirms an invitation: while the booking is live, before its deadline (or, once it holds, before its end).</summary>
    public static IReadOnlyList<RoomRefusal> DecideConfirm(RoomBooking booking, Patron reader, PersonRoomDay day, Room room, RoomLimits limits,
        DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!booking.Live)
            return [new RoomRefusal.BookingEnded(booking.Status)];
        if (booking.Member(reader.Id) is not { } member || member.Status == RoomMember.Confirmed)
            return [new RoomRefusal.AlreadyConfirmed()];
        if (member.Status == RoomMember.Declined)
            return [new RoomRefusal.AlreadyDeclined()];
        var deadline = ConfirmDeadline(booking);
        if (now >= deadline)
            return [new RoomRefusal.ConfirmationClosed(deadline)];
        List<RoomRefusal> reasons = [];
        switch (reader.StandingOn(LocalDate(now, zone)))
        {
            case Standing.Restricted:
                reasons.Add(new RoomRefusal.PatronRestricted(reader.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new RoomRefusal.PatronExpired(reader.ExpiresOn));
                break;
        }
        // Joining a group holds a room as booking one does: a seat booking suspension stops both.
        if (day.Suspension is { } suspension)
            reasons.Add(new RoomRefusal.Suspended(suspension.Until, suspension.Reason));
        if (!room.Admits(reader.Group))
            reasons.Add(new RoomRefusal.GroupNotAllowed(reader.Group.Code()));
        if (day.Overlapping(booking.Starts, booking.Ends, except: booking.Id) is { } held)
            reasons.Add(new RoomRefusal.AlreadyInRoom(held.BookingId, held.RoomCode));
        var minutes = (int)(booking.Ends - booking.Starts).TotalMinutes;
        var used = day.Rooms.Where(r => r.BookingId != booking.Id).Sum(r => r.Minutes);
        if (used + minutes > limits.DailyMaxMinutes)
            reasons.Add(new RoomRefusal.DailyLimit(used, minutes, limits.DailyMaxMinutes));
        return reasons;
    }

    /// <summary>A companion declines an invitation not yet answered, while the booking is live.</summary>
    public static IReadOnlyList<RoomRefusal> DecideDecline(RoomBooking booking, long patronId) =>
        !booking.Live ? [new RoomRefusal.BookingEnded(booking.Status)]
        : booking.Member(patronId) is not { } member || member.Status == RoomMember.Confirmed ? [new RoomRefusal.AlreadyConfirmed()]
        : member.Status == RoomMember.Declined ? [new RoomRefusal.AlreadyDeclined()]
        : [];

    /// <summary>The organiser, and only they, cancels a live booking before it starts.</summary>
    public static IReadOnlyList<RoomRefusal> DecideCancel(RoomBooking booking, long patronId, DateTimeOffset now)
    {
        if (booking.OrganiserId != patronId)
            return [new RoomRefusal.NotOrganiser()];
        if (!booking.Live)
            return [new RoomRefusal.BookingEnded(booking.Status)];
        return now >= booking.Starts ? [new RoomRefusal.AlreadyStarted(booking.Starts)] : [];
    }

    /// <summary>
    /// From the library's minutes before the start to its minutes after, but never past the end: a booking shorter than
    /// the window cannot be checked into once it is over (as seats).
    /// </summary>
    public static (DateTimeOffset Opens, DateTimeOffset Closes) CheckInWindow(RoomBooking booking, RoomLimits limits)
    {
        var closes = booking.Starts.AddMinutes(limits.CheckinClosesMinutes);
        return (booking.Starts.AddMinutes(-limits.CheckinOpensMinutes), closes < booking.Ends ? closes : booking.Ends);
    }

    /// <summary>Check-in by a member who holds the booking, at the booked room, within the window, once the booking is confirmed.</summary>
    public static IReadOnlyList<RoomRefusal> DecideCheckIn(RoomBooking booking, long patronId, string scannedCode, RoomLimits limits, DateTimeOffset now)
    {
        if (!booking.Live)
            return [new RoomRefusal.BookingEnded(booking.Status)];
        if (booking.Status == RoomBookingStatus.CheckedIn)
            return [new RoomRefusal.AlreadyCheckedIn()];
        List<RoomRefusal> reasons = [];
        if (booking.Member(patronId) is not { Status: RoomMember.Confirmed })
            reasons.Add(new RoomRefusal.InvitationNotConfirmed());
        if (booking.Status != RoomBookingStatus.Confirmed)
            reasons.Add(new RoomRefusal.NotConfirmed(booking.Status));
        if (!string.Equals(scannedCode, booking.RoomCode, StringComparison.OrdinalIgnoreCase))
            reasons.Add(new RoomRefusal.WrongRoom(scannedCode, booking.RoomCode));
        var (opens, closes) = CheckInWindow(booking, limits);
        if (now < opens)
            reasons.Add(new RoomRefusal.CheckInNotYetOpen(opens));
        else if (now >= closes)
            reasons.Add(new RoomRefusal.CheckInClosed(closes));
        return reasons;
    }

    /// <summary>
    /// The room's 30-minute slots on a library day, within the branch's opening hours (none on a day it is closed), each
    /// blocked, taken by a live booking, closed (started, beyond the days ahead, or the room switched off) or free.
    /// </summary>
    public static IReadOnlyList<RoomSlot> DaySlots(Room room, DateOnly date, LibraryCalendar calendar, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> taken,
        IReadOnlyList<RoomBlock> blocks, DateTimeOffset now, RoomLimits limits, TimeZoneInfo zone)
    {
        if (calendar.HoursOn(date) is not { } hours)
            return [];
        var closes = At(date, hours.Closes, zone);
        var bookable = room.Enabled && date <= limits.LastBookableDate(LocalDate(now, zone));
        List<RoomSlot> slots = [];
        for (var start = CeilingToSlot(At(date, hours.Opens, zone)); start.AddMinutes(SlotMinutes) <= closes; start = start.AddMinutes(SlotMinutes))
        {
            var end = start.AddMinutes(SlotMinutes);
            var state = blocks.Any(b => b.From < end && start < b.To) ? RoomSlot.Blocked
                : taken.Any(t => t.From < end && start < t.To) ? RoomSlot.Taken
                : !bookable || start < now ? RoomSlot.Closed
                : RoomSlot.Free;
            slots.Add(new RoomSlot(start, end, state));
        }
        return slots;
    }

    /// <summary>Up to <paramref name="count"/> of the day's free slots that start before <paramref name="within"/> from now, soonest first.</summary>
    public static IReadOnlyList<RoomSlot> FreeSoon(IReadOnlyList<RoomSlot> slots, DateTimeOffset now, TimeSpan within, int count) =>
        [.. slots.Where(s => s.State == RoomSlot.Free && s.Starts >= now && s.Starts < now + within).OrderBy(s => s.Starts).Take(count)];

    /// <summary>
    /// Up to <paramref name="count"/> slots of the same length as the one asked, later the same day, that are free:
    /// no live booking or block meets them, they lie within opening hours and have not started.
    /// </summary>
    public static IReadOnlyList<RoomSlot> NextFreeSlots(DateTimeOffset starts, DateTimeOffset ends, LibraryCalendar calendar,
        IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> taken, IReadOnlyList<RoomBlock> blocks, DateTimeOffset now, TimeZoneInfo zone, int count = 3)
    {
        var length = ends - starts;
        var day = LocalDate(starts, zone);
        if (length <= TimeSpan.Zero || calendar.HoursOn(day) is not { } hours)
            return [];
        var closes = At(day, hours.Closes, zone);
        List<RoomSlot> free = [];
        for (var start = CeilingToSlot(starts.AddMinutes(SlotMinutes)); start + length <= closes && free.Count < count; start = start.AddMinutes(SlotMinutes))
        {
            var end = start + length;
            if (start >= now && !taken.Any(t => t.From < end && start < t.To) && !blocks.Any(b => b.From < end && start < b.To))
                free.Add(new RoomSlot(start, end, RoomSlot.Free));
        }
        return free;
    }

    /// <summary>On the hour or the half hour (the database checks the same on the stored range).</summary>
    public static bool Aligned(DateTimeOffset at) => at.ToUnixTimeMilliseconds() % (SlotSeconds * 1000) == 0;

    private static DateTimeOffset CeilingToSlot(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        var ceiling = (seconds + SlotSeconds - 1) / SlotSeconds * SlotSeconds;
        return DateTimeOffset.FromUnixTimeSeconds(ceiling).ToOffset(at.Offset);
    }

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

public abstract record RoomDecision
{
    private RoomDecision()
    {
    }

    public sealed record Allowed : RoomDecision;

    public sealed record Refused(IReadOnlyList<RoomRefusal> Reasons) : RoomDecision;
}
