using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// Staff close a zone for a period (exam, maintenance). In one transaction: the zone locked against the bookings in flight
/// (each holds it share-locked while it reads the closures, so every booking either commits before the closure and is
/// cancelled by it, or sees it), the closure, and every live booking it meets cancelled (<c>zone_closed</c>) with a
/// <c>seat-cancelled</c> notice and an audit row each. Bookings are locked in id order and judged again under the lock;
/// readers are not locked (a closure changes no reader's limits), so the closure never waits in a circle with a
/// reader's own change, which locks the reader, then the booking, and never the zone.
/// </summary>
public sealed class CloseSeatZone(ISeats seats, LibraryClock clock, IFreeSeatCounts counts)
{
    public async Task<ZoneClosing> HandleAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, string reason, long staffId,
        CancellationToken cancellationToken)
    {
        if (to <= from || string.IsNullOrWhiteSpace(reason))
            return new ZoneClosing.Invalid(to <= from ? "until must be after from" : "a reason is required");
        reason = reason.Trim();
        var actor = AuditEntry.Staff(staffId);
        List<SeatBooking> cancelled = [];
        long closureId;
        await using (var work = await seats.BeginAsync(cancellationToken))
        {
            if (await work.LockZoneAsync(zoneId, cancellationToken) is null)
                return new ZoneClosing.NotFound();
            closureId = await work.AddClosureAsync(zoneId, from, to, reason, actor, cancellationToken);
            var now = clock.UtcNow;
            var meeting = await work.LiveBookingsMeetingAsync(zoneId, from, to, cancellationToken);
            foreach (var (bookingId, _) in meeting.OrderBy(m => m.BookingId))
            {
                // Read again under the lock: the reader may have left or cancelled while we waited.
                if (await work.LockBookingAsync(bookingId, cancellationToken) is not { Live: true } booking)
                    continue;
                await work.EndBookingAsync(booking.Id, SeatBookingStatus.Cancelled, SeatEndReason.ZoneClosed, actor, now, note: null, cancellationToken);
                await work.EnqueueAsync(SeatNotices.Cancelled(booking, reason, clock), cancellationToken);
                await work.AuditAsync(new AuditEntry(actor, "seat.cancelled_by_closure", $"seat-booking:{booking.Id}", new Dictionary<string, string?>
                {
                    ["closure"] = closureId.ToString(CultureInfo.InvariantCulture),
                    ["patron"] = booking.PatronId.ToString(CultureInfo.InvariantCulture),
                    ["seat"] = booking.SeatCode,
                }), cancellationToken);
                cancelled.Add(booking);
            }
            await work.AuditAsync(new AuditEntry(actor, "seat_zone.closed", $"seat-zone:{zoneId.ToString(CultureInfo.InvariantCulture)}",
                new Dictionary<string, string?>
                {
                    ["from"] = from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["to"] = to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["reason"] = reason,
                    ["cancelled"] = cancelled.Count.ToString(CultureInfo.InvariantCulture),
                }), cancellationToken);
            await work.CommitAsync(cancellationToken);
        }
        await counts.ForgetAsync(cancellationToken);
        return new ZoneClosing.Closed(closureId, cancelled);
    }
}

public abstract record ZoneClosing
{
    private ZoneClosing()
    {
    }

    /// <param name="Cancelled">The live bookings the closure met, now cancelled with a notice each.</param>
    public sealed record Closed(long ClosureId, IReadOnlyList<SeatBooking> Cancelled) : ZoneClosing;

    public sealed record Invalid(string Problem) : ZoneClosing;

    public sealed record NotFound : ZoneClosing;
}
