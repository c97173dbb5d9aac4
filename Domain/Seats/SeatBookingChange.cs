using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>What a change to a reader's own booking came to.</summary>
public abstract record SeatChange
{
    private SeatChange()
    {
    }

    /// <summary>Done: the booking as it now stands.</summary>
    public sealed record Done(SeatBooking Booking, Language Language) : SeatChange;

    /// <summary>Nothing changed, for every reason given.</summary>
    public sealed record Refused(IReadOnlyList<SeatRefusal> Reasons, Language Language) : SeatChange;

    /// <summary>No such booking, or another reader's (answered alike).</summary>
    public sealed record NotFound : SeatChange;
}

/// <summary>
/// The frame every change to a reader's own booking runs in: the reader locked, then the booking; another reader's
/// booking is not found; the change, its audit row and notices commit together or not at all.
/// </summary>
internal static class SeatBookingChange
{
    public delegate Task<SeatChange> Change(ISeatWork work, Patron reader, SeatBooking booking, SeatZone zone);

    /// <param name="bookingId">The booking; null for the reader's live one.</param>
    public static async Task<SeatChange> RunAsync(ISeats seats, ReaderRef reader, long? bookingId, Change change, CancellationToken cancellationToken)
    {
        await using var work = await seats.BeginAsync(cancellationToken);
        if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
            return new SeatChange.NotFound();
        var id = bookingId;
        if (id is null)
        {
            var live = await work.LiveBookingOfAsync(patron.Id, cancellationToken);
            if (live is null)
                return new SeatChange.Refused([new SeatRefusal.NoBooking()], patron.PreferredLanguage);
            id = live.Id;
        }
        if (await work.LockBookingAsync(id.Value, cancellationToken) is not { } booking || booking.PatronId != patron.Id
            || await work.ZoneAsync(booking.ZoneId, cancellationToken) is not { } zone)
            return new SeatChange.NotFound();
        var result = await change(work, patron, booking, zone);
        if (result is SeatChange.Done)
            await work.CommitAsync(cancellationToken);
        return result;
    }

    public static SeatChange Refused(IReadOnlyList<SeatRefusal> reasons, Patron reader) => new SeatChange.Refused(reasons, reader.PreferredLanguage);
}
