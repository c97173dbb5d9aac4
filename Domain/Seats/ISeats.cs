using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>Seat booking as the use cases see it. Reads answer from committed state; changes go through <see cref="BeginAsync"/>.</summary>
public interface ISeats
{
    Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>Zones, of one branch if <paramref name="branchCode"/> is given, by branch, floor and code.</summary>
    Task<IReadOnlyList<SeatZone>> ZonesAsync(string? branchCode, CancellationToken cancellationToken);

    Task<SeatZone?> ZoneAsync(long zoneId, CancellationToken cancellationToken);

    /// <summary>The zone's seats by row, column and code, each marked taken when a live booking holds it at <paramref name="at"/>.</summary>
    Task<IReadOnlyList<SeatOnMap>> SeatMapAsync(long zoneId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The patron's live bookings and those that started since <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<SeatBooking>> BookingsOfAsync(long patronId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> enabled seats of the zone free for the whole interval, nearest to
    /// <paramref name="nearSeatId"/> on the floor view (then by code), or by code when none is given.
    /// </summary>
    Task<IReadOnlyList<Seat>> FreeSeatsAsync(long zoneId, long? nearSeatId, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken);

    /// <summary>Who holds a seat now (booked, seated or on leave), in the zone or the branch given, by zone and seat code.</summary>
    Task<IReadOnlyList<SeatOccupant>> OccupantsAsync(long? zoneId, string? branchCode, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ISeatWork> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One seat transaction. Locks are taken in one order: the reader (<c>for no key update</c>), then seats, then bookings,
/// so two changes never wait on each other in a circle. Changes, their audit rows and notices commit together.
/// </summary>
public interface ISeatWork : IAsyncDisposable
{
    /// <summary>The reader, locked: a reader's seat changes take turns here, so no two pass a limit together.</summary>
    Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    Task<Patron?> LockPatronAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>The reader's live booking, their bookings starting within <paramref name="day"/>, their cancellations within <paramref name="today"/>, any suspension at <paramref name="now"/>.</summary>
    Task<ReaderSeatDay> ReaderDayAsync(long patronId, (DateTimeOffset From, DateTimeOffset To) day, (DateTimeOffset From, DateTimeOffset To) today,
        DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The seat with the code and its zone; null when none.</summary>
    Task<(Seat Seat, SeatZone Zone)?> SeatAsync(string code, CancellationToken cancellationToken);

    Task<SeatZone?> ZoneAsync(long zoneId, CancellationToken cancellationToken);

    /// <summary>
    /// Share-locks the zone until the work ends (<c>for key share</c>), before a booking reads the zone's closures: a
    /// closure being saved waits for the bookings in flight, and bookings that come after it see it.
    /// </summary>
    Task ShareZoneAsync(long zoneId, CancellationToken cancellationToken);

    /// <summary>The zone, locked against bookings in flight (<c>for update</c>), for saving a closure; null when none.</summary>
    Task<SeatZone?> LockZoneAsync(long zoneId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SeatZoneClosure>> ClosuresAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken);

    /// <summary>How many cancellations a day a reader may make before booking is refused for the day.</summary>
    Task<int> DailyCancellationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Enabled seats of the zone free for the interval, in the reader's order of preference, each locked for this work;
    /// seats another booking has locked are skipped, so a rush spreads over the free seats.
    /// </summary>
    Task<IReadOnlyList<Seat>> LockFreeSeatsAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, SeatPreference preference, int limit,
        CancellationToken cancellationToken);

    /// <summary>Adds the booking; the database's constraints answer a lost race as a value, and the work goes on.</summary>
    Task<SeatBookingInsert> AddBookingAsync(NewSeatBooking booking, CancellationToken cancellationToken);

    Task<SeatBooking?> LiveBookingOfAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>The booking, locked; null when none.</summary>
    Task<SeatBooking?> LockBookingAsync(long bookingId, CancellationToken cancellationToken);

    /// <summary>The owner of the booking; null when none.</summary>
    Task<long?> BookingOwnerAsync(long bookingId, CancellationToken cancellationToken);

    Task CheckInAsync(long bookingId, DateTimeOffset at, CancellationToken cancellationToken);

    Task StartLeaveAsync(long bookingId, DateTimeOffset at, DateTimeOffset until, CancellationToken cancellationToken);

    Task ReturnFromLeaveAsync(long bookingId, CancellationToken cancellationToken);

    /// <summary>Ends the live booking; <paramref name="note"/> is what staff said when they ended it (shown to the reader).</summary>
    Task EndBookingAsync(long bookingId, string status, string reason, string actor, DateTimeOffset at, string? note, CancellationToken cancellationToken);

    /// <summary>Saved, or a conflict the database found (a code in use, rules that do not fit together).</summary>
    Task<SeatSetup> AddZoneAsync(short branchId, SeatZoneFields fields, CancellationToken cancellationToken);

    /// <summary>Changes the fields given; not found when no zone has the id.</summary>
    Task<SeatSetup> UpdateZoneAsync(long zoneId, SeatZoneFields fields, CancellationToken cancellationToken);

    Task<SeatSetup> AddSeatAsync(long zoneId, SeatFields fields, CancellationToken cancellationToken);

    Task<SeatSetup> UpdateSeatAsync(long seatId, SeatFields fields, CancellationToken cancellationToken);

    Task<short?> BranchIdAsync(string branchCode, CancellationToken cancellationToken);

    Task<long> AddClosureAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, string reason, string actor, CancellationToken cancellationToken);

    /// <summary>The zone's live bookings meeting the interval (id and reader), by reader.</summary>
    Task<IReadOnlyList<(long BookingId, long PatronId)>> LiveBookingsMeetingAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task EnqueueAsync(Notice notice, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>The attributes a reader asks for in "the best free seat"; seats with more of them come first.</summary>
public sealed record SeatPreference(bool Power, bool Lamp, bool Window)
{
    public static readonly SeatPreference None = new(false, false, false);
}

public sealed record NewSeatBooking(long SeatId, long PatronId, DateTimeOffset Starts, DateTimeOffset Ends);

public abstract record SeatBookingInsert
{
    private SeatBookingInsert()
    {
    }

    public sealed record Added(long BookingId) : SeatBookingInsert;

    /// <summary>Another live booking of the seat overlaps (the exclusion constraint fired).</summary>
    public sealed record SeatTaken : SeatBookingInsert;

    /// <summary>The reader has another live booking (the one-live-per-reader index fired).</summary>
    public sealed record ReaderHasLive : SeatBookingInsert;
}

/// <summary>A seat on the floor view and whether a live booking holds it now.</summary>
public sealed record SeatOnMap(Seat Seat, bool Taken);

/// <summary>Who holds a seat now, for staff.</summary>
public sealed record SeatOccupant(SeatBooking Booking, string ZoneCode, string CardNumber, string ReaderName, DateTimeOffset StatusSince);
