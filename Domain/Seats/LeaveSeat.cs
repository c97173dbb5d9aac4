using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>The reader leaves their seat (签退): the booking finishes now and the rest of its time is free for others.</summary>
public sealed class LeaveSeat(ISeats seats, LibraryClock clock, IFreeSeatCounts counts)
{
    public async Task<SeatChange> HandleAsync(ReaderRef reader, long? bookingId, CancellationToken cancellationToken)
    {
        var result = await SeatBookingChange.RunAsync(seats, reader, bookingId, async (work, patron, booking, _) =>
        {
            var reasons = SeatRules.DecideFinish(booking);
            if (reasons.Count > 0)
                return SeatBookingChange.Refused(reasons, patron);
            var now = clock.UtcNow;
            var actor = AuditEntry.Patron(patron.Id);
            await work.EndBookingAsync(booking.Id, SeatBookingStatus.Finished, SeatEndReason.Left, actor, now, note: null, cancellationToken);
            await work.AuditAsync(new AuditEntry(actor, "seat.left", $"seat-booking:{booking.Id}"), cancellationToken);
            return new SeatChange.Done(booking with
            {
                Status = SeatBookingStatus.Finished, EndReason = SeatEndReason.Left, EndedAt = now, EndedBy = actor, LeaveUntil = null,
            }, patron.PreferredLanguage);
        }, cancellationToken);
        // The seat is free for the rest of the booking's time: a zone marked full is full no longer.
        if (result is SeatChange.Done done)
            await counts.ZoneFreedAsync(done.Booking.ZoneId, cancellationToken);
        return result;
    }
}
