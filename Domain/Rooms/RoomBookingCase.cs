using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// Everything a booking is decided on, read under the organiser's lock: the organiser and their day, the room, its
/// blocks meeting the time asked, the companions named (each as found), the branch's calendar and the library's limits.
/// </summary>
public sealed record RoomBookingCase(
    Patron Organiser, PersonRoomDay OrganiserDay, Room Room, IReadOnlyList<RoomBlock> Blocks, IReadOnlyList<RoomCompanion> Companions,
    LibraryCalendar Calendar, RoomLimits Limits);

/// <summary>A companion as the organiser named them: the card number given, the reader it names (if any), whether bound to WeChat, and their day.</summary>
public sealed record RoomCompanion(string Card, Patron? Reader, bool Bound, PersonRoomDay Day);

/// <summary>
/// A person's rooms on one library day, read under their lock: the bookings they hold (or held to the end) that day,
/// and any seat booking suspension in force, which stops room booking too.
/// </summary>
public sealed record PersonRoomDay(IReadOnlyList<RoomHeld> Rooms, SeatSuspension? Suspension)
{
    public static readonly PersonRoomDay Empty = new([], null);

    public int MinutesUsed => Rooms.Sum(r => r.Minutes);

    /// <summary>A room held now that overlaps the interval; <paramref name="except"/> is left out (the booking being confirmed).</summary>
    public RoomHeld? Overlapping(DateTimeOffset starts, DateTimeOffset ends, long? except = null) =>
        Rooms.FirstOrDefault(r => r.Holds && r.BookingId != except && r.Starts < ends && starts < r.Ends);
}

/// <summary>A room booking a person is in: <paramref name="Holds"/> while live; an ended one counts up to its end.</summary>
public sealed record RoomHeld(long BookingId, string RoomCode, DateTimeOffset Starts, DateTimeOffset Ends, bool Holds, DateTimeOffset? EndedAt)
{
    public int Minutes => (int)Math.Max(0, ((Holds || EndedAt is not { } ended || ended > Ends ? Ends : ended) - Starts).TotalMinutes);
}

/// <summary>A room blocked for a period (an event, maintenance).</summary>
public sealed record RoomBlock(long Id, long RoomId, DateTimeOffset From, DateTimeOffset To, string Reason, string BlockedBy);
