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
        return new MySeatBookings(patron, [.. bookings.OrderByDescending(b => b.Live).ThenByDescending(b => b.Starts).ThenByDescending(b => b.Id)]);
    }
}

public sealed record MySeatBookings(Patron Reader, IReadOnlyList<SeatBooking> Bookings);
