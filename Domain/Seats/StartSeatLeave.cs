using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>Temporary leave (暂离): the seat is kept for the zone's allowance (longer over meals), then released.</summary>
public sealed class StartSeatLeave(ISeats seats, LibraryClock clock)
{
    public Task<SeatChange> HandleAsync(ReaderRef reader, long? bookingId, CancellationToken cancellationToken) =>
        SeatBookingChange.RunAsync(seats, reader, bookingId, async (work, patron, booking, zone) =>
        {
            var now = clock.UtcNow;
            var decision = SeatRules.DecideLeave(booking, zone.Rules, now, clock.Zone);
            if (decision is not SeatLeaveDecision.Allowed { Until: var until })
                return SeatBookingChange.Refused([((SeatLeaveDecision.Refused)decision).Reason], patron);
            await work.StartLeaveAsync(booking.Id, now, until, cancellationToken);
            await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "seat.leave_started", $"seat-booking:{booking.Id}",
                new Dictionary<string, string?> { ["until"] = until.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) }), cancellationToken);
            return new SeatChange.Done(booking with { Status = SeatBookingStatus.OnLeave, LeaveStartedAt = now, LeaveUntil = until },
                patron.PreferredLanguage);
        }, cancellationToken);
}
