using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>Back at the seat from temporary leave, before the leave runs out.</summary>
public sealed class ReturnFromSeatLeave(ISeats seats, LibraryClock clock)
{
    public Task<SeatChange> HandleAsync(ReaderRef reader, long? bookingId, CancellationToken cancellationToken) =>
        SeatBookingChange.RunAsync(seats, reader, bookingId, async (work, patron, booking, _) =>
        {
            var reasons = SeatRules.DecideReturn(booking, clock.UtcNow);
            if (reasons.Count > 0)
                return SeatBookingChange.Refused(reasons, patron);
            await work.ReturnFromLeaveAsync(booking.Id, cancellationToken);
            await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "seat.leave_ended", $"seat-booking:{booking.Id}"), cancellationToken);
            return new SeatChange.Done(booking with { Status = SeatBookingStatus.CheckedIn, LeaveStartedAt = null, LeaveUntil = null },
                patron.PreferredLanguage);
        }, cancellationToken);
}
