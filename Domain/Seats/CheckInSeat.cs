using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// The reader checks in (签到) by scanning the QR code on their seat: only at the booked seat (a wrong seat is told
/// which seat is theirs) and only within the zone's check-in window.
/// </summary>
public sealed class CheckInSeat(ISeats seats, LibraryClock clock)
{
    /// <param name="bookingId">The booking; null for the reader's live one (a scan from the chat).</param>
    /// <param name="scanned">What the QR code carries: the seat code, or a URL or text naming it.</param>
    public Task<SeatChange> HandleAsync(ReaderRef reader, long? bookingId, string? scanned, CancellationToken cancellationToken) =>
        SeatBookingChange.RunAsync(seats, reader, bookingId, async (work, patron, booking, zone) =>
        {
            var now = clock.UtcNow;
            var code = ScannedSeatCode.From(scanned) ?? "";
            var reasons = SeatRules.DecideCheckIn(booking, zone.Rules, code, now);
            if (reasons.Count > 0)
                return SeatBookingChange.Refused(reasons, patron);
            await work.CheckInAsync(booking.Id, now, cancellationToken);
            await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "seat.checked_in", $"seat-booking:{booking.Id}",
                new Dictionary<string, string?> { ["seat"] = booking.SeatCode }), cancellationToken);
            return new SeatChange.Done(booking with { Status = SeatBookingStatus.CheckedIn, CheckedInAt = now }, patron.PreferredLanguage);
        }, cancellationToken);
}
