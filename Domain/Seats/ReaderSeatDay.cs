namespace WeChatLib.Domain.Seats;

/// <summary>
/// What a reader's new booking depends on, read under the reader's lock: their live booking, their bookings of the
/// booking's day (every status), how often they cancelled today and any suspension in force.
/// </summary>
public sealed record ReaderSeatDay(SeatBooking? Live, IReadOnlyList<SeatBooking> DayBookings, int CancellationsToday, SeatSuspension? Suspension)
{
    public static readonly ReaderSeatDay Empty = new(null, [], 0, null);
}

/// <summary>A suspension of seat booking in force: until when, and why.</summary>
public sealed record SeatSuspension(DateTimeOffset Until, string Reason);

/// <summary>A zone closed for a period (exam, maintenance).</summary>
public sealed record SeatZoneClosure(long Id, long ZoneId, DateTimeOffset From, DateTimeOffset To, string Reason, string ClosedBy);
