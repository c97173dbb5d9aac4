using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>The reader's seat bookings: the live one first, then those of the last week, each ended one with how and when it ended.</summary>
public sealed class ListMySeatBookings(ISeats seats, LibraryClock clock)
{
    public const int RecentDays = 7;

    public async Task<MySeatBookings?> HandleAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        if (await seats.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return null;
        var bookings = await seats.BookingsOfAsync(patron.Id, clock.UtcNow.AddDays(-RecentDays), cancellationToken);
        var ordered = bookings.OrderByDescending(b => b.Live).ThenByDescending(b => b.Starts).ThenByDescending(b => b.Id).ToList();
        var liveZone = ordered.FirstOrDefault(b => b.Live) is { } live ? await seats.ZoneAsync(live.ZoneId, cancellationToken) : null;
        return new MySeatBookings(patron, ordered, liveZone);
    }
}

/// <param name="LiveZone">The zone of the live booking, whose rules say until when it may be checked in; null without one.</param>
public sealed record MySeatBookings(Patron Reader, IReadOnlyList<SeatBooking> Bookings, SeatZone? LiveZone = null)
{
    public SeatBooking? Live => Bookings.FirstOrDefault(b => b.Live);

    /// <summary>The booking that ended last (by its end, then its start), if any in the recent days: the 上次 line of the chat and the seats page.</summary>
    public SeatBooking? LastEnded => Bookings.Where(b => !b.Live).OrderByDescending(b => b.EndedAt ?? b.Ends).ThenByDescending(b => b.Starts).FirstOrDefault();
}
