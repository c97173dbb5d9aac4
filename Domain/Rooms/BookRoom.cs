using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>What an organiser asks for: a room, from a slot's start for some minutes, with companions named by card number.</summary>
public sealed record RoomRequest(long RoomId, DateTimeOffset Starts, int Minutes, IReadOnlyList<string> Companions, string? Topic = null);

/// <summary>
/// An organiser books a room for a group (预约研讨室). The room is held (shared) against a block being made meanwhile,
/// then the organiser's row is locked, so their limits and their one-room-at-a-time hold under parallel requests; the
/// rules are decided on what is read under these locks. The room itself is
/// settled by the database: two overlapping live bookings of a room cannot both commit, and a lost race is answered
/// "taken" with the room's next free slots that day. Each companion is invited by a notice; a room the organiser alone
/// may book is confirmed (or sent to staff) at once.
/// </summary>
public sealed class BookRoom(IRooms rooms, LibraryClock clock)
{
    public async Task<RoomBookingResult> HandleAsync(ReaderRef reader, RoomRequest request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var starts = request.Starts;
        DateTimeOffset ends;
        Room room;
        Patron organiser;
        LibraryCalendar calendar;
        bool organiserBusy;
        await using (var work = await rooms.BeginAsync(cancellationToken))
        {
            // The room first, shared: a block waits for this booking, or this booking for the block and then sees it.
            var found = await work.HoldRoomAsync(request.RoomId, cancellationToken);
            if (await work.LockReaderAsync(reader, cancellationToken) is not { } locked)
                return new RoomBookingResult.NoSuchReader();
            organiser = locked;
            if (found is null)
                return new RoomBookingResult.Refused([new RoomRefusal.NoSuchRoom()], organiser.PreferredLanguage);
            room = found;
            var limits = await work.LimitsAsync(cancellationToken);
            if (RoomRules.OutOfReach(starts, now, limits, clock.Zone) is { } far)
                return new RoomBookingResult.Refused([far], organiser.PreferredLanguage);
            ends = starts.AddMinutes(request.Minutes);
            calendar = await work.CalendarAsync(room.BranchId, cancellationToken);
            var day = RoomRules.Day(RoomRules.LocalDate(starts, clock.Zone), clock.Zone);
            var organiserDay = await work.PersonDayAsync(organiser.Id, day, now, cancellationToken);
            var companions = await work.CompanionsAsync([.. request.Companions.Select(c => c.Trim())], day, cancellationToken);
            var blocks = await work.BlocksAsync(room.Id, starts, ends, cancellationToken);
            var decision = RoomRules.DecideBooking(new RoomBookingCase(organiser, organiserDay, room, blocks, companions, calendar, limits),
                starts, ends, now, clock.Zone);
            if (decision is RoomDecision.Refused refused)
                return new RoomBookingResult.Refused(refused.Reasons, organiser.PreferredLanguage);

            var status = RoomRules.StatusOnBooking(room);
            var confirmBy = RoomRules.ConfirmBy(limits, starts, now);
            var topic = (request.Topic ?? "").Trim();
            var inserted = await work.AddBookingAsync(new NewRoomBooking(room.Id, organiser.Id, [.. companions.Select(c => c.Reader!.Id)],
                starts, ends, topic, status, confirmBy), cancellationToken);
            organiserBusy = inserted is RoomBookingInsert.OrganiserBusy;
            if (inserted is RoomBookingInsert.Added { BookingId: var id })
            {
                RoomMember[] members =
                [
                    new(organiser.Id, organiser.CardNumber, organiser.Name, RoomMember.Organiser, RoomMember.Confirmed, now, true),
                    .. companions.Select(c => new RoomMember(c.Reader!.Id, c.Reader.CardNumber, c.Reader.Name, RoomMember.Companion, RoomMember.Invited, null, false)),
                ];
                var booking = new RoomBooking(id, room.Id, room.Code, room.Name, room.NameEn, room.BranchCode, organiser.Id, starts, ends, topic, status,
                    confirmBy, null, null, null, null, null, null, null, null, now, members);
                List<Notice> notices = [.. companions.Select(c => RoomNotices.Invitation(booking, c.Reader!.Id, organiser.Name, clock))];
                if (status == RoomBookingStatus.Confirmed)
                    notices.AddRange(RoomNotices.Confirmed(booking, [organiser.Id], limits, clock));
                await work.EnqueueAsync(notices, cancellationToken);
                await work.AuditAsync(new AuditEntry(AuditEntry.Patron(organiser.Id), "room.booked", $"room-booking:{id.ToString(CultureInfo.InvariantCulture)}",
                    new Dictionary<string, string?>
                    {
                        ["room"] = room.Code,
                        ["starts"] = starts.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                        ["ends"] = ends.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                        ["companions"] = companions.Count.ToString(CultureInfo.InvariantCulture),
                        ["status"] = status,
                    }), cancellationToken);
                await work.CommitAsync(cancellationToken);
                return new RoomBookingResult.Booked(booking, limits, organiser.PreferredLanguage);
            }
        }
        var dayRange = RoomRules.Day(RoomRules.LocalDate(starts, clock.Zone), clock.Zone);
        if (organiserBusy)
        {
            // The organiser's lock makes this rare (the rules saw their rooms); the database makes it certain.
            var mine = await rooms.BookingsOfAsync(organiser.Id, dayRange.From, cancellationToken);
            var held = mine.FirstOrDefault(b => b.Live && b.Member(organiser.Id)?.Holds == true && b.Starts < ends && starts < b.Ends);
            return new RoomBookingResult.Refused([new RoomRefusal.AlreadyInRoom(held?.Id ?? 0, held?.RoomCode ?? "")], organiser.PreferredLanguage);
        }
        // Lost the race: the room's day is read afresh for the next free slots of the same length.
        var live = await rooms.BookingsMeetingAsync([room.Id], dayRange.From, dayRange.To, liveOnly: true, cancellationToken);
        var blocked = await rooms.BlocksMeetingAsync([room.Id], dayRange.From, dayRange.To, cancellationToken);
        var next = RoomRules.NextFreeSlots(starts, ends, calendar, [.. live.Select(b => (b.Starts, b.Ends))], blocked, clock.UtcNow, clock.Zone);
        return new RoomBookingResult.Taken(room, starts, ends, next, organiser.PreferredLanguage);
    }
}

public abstract record RoomBookingResult
{
    private RoomBookingResult()
    {
    }

    public sealed record Booked(RoomBooking Booking, RoomLimits Limits, Language Language) : RoomBookingResult;

    /// <summary>Every reason that applies, in the reader's <paramref name="Language"/>; nothing changed.</summary>
    public sealed record Refused(IReadOnlyList<RoomRefusal> Reasons, Language Language) : RoomBookingResult;

    /// <summary>Another group took the room for part of the time first; <paramref name="NextFree"/> are up to three later slots of the same length still free that day.</summary>
    public sealed record Taken(Room Room, DateTimeOffset Starts, DateTimeOffset Ends, IReadOnlyList<RoomSlot> NextFree, Language Language) : RoomBookingResult;

    public sealed record NoSuchReader : RoomBookingResult;
}
