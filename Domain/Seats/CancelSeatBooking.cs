using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// The reader cancels a booking not yet checked in. Each cancellation counts towards the library's daily cap, past
/// which the reader may not book again that day.
/// </summary>
public sealed class CancelSeatBooking(ISeats seats, LibraryClock clock, IFreeSeatCounts counts)
{
    /// <param name="bookingId">The booking; null for the reader's live one (a reply in the chat).</param>
    public async Task<SeatChange> HandleAsync(ReaderRef reader, long? bookingId, CancellationToken cancellationToken)
    {
        var result = await SeatBookingChange.RunAsync(seats, reader, bookingId, async (work, patron, booking, _) =>
        {
            var reasons = SeatRules.DecideCancel(booking);
            if (reasons.Count > 0)
                return SeatBookingChange.Refused(reasons, patron);
            var now = clock.UtcNow;
            var actor = AuditEntry.Patron(patron.Id);
            await work.EndBookingAsync(booking.Id, SeatBookingStatus.Cancelled, SeatEndReason.CancelledByReader, actor, now, note: null, cancellationToken);
            await work.AuditAsync(new AuditEntry(actor, "seat.cancelled", $"seat-booking:{booking.Id}"), cancellationToken);
            return new SeatChange.Done(booking with
            {
                Status = SeatBookingStatus.Cancelled, EndReason = SeatEndReason.CancelledByReader, EndedAt = now, EndedBy = actor,
            }, patron.PreferredLanguage);
        }, cancellationToken);
        // The seat is free for the rest of the booking's time: a zone marked full is full no longer.
        if (result is SeatChange.Done done)
            await counts.ZoneFreedAsync(done.Booking.ZoneId, cancellationToken);
        return result;
    }
}
