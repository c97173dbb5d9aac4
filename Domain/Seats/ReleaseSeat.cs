using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>Staff release a seat: its live booking ends <c>released_by_staff</c> now, audited, the reader told, and the seat is free.</summary>
public sealed class ReleaseSeat(ISeats seats, LibraryClock clock, IFreeSeatCounts counts)
{
    /// <summary>What the reader's <c>seat-cancelled</c> notice gives as the reason.</summary>
    public const string StaffReleaseReason = "工作人员已释放该座位";

    public async Task<StaffSeatRelease> HandleAsync(long bookingId, long staffId, CancellationToken cancellationToken)
    {
        SeatBooking released;
        await using (var work = await seats.BeginAsync(cancellationToken))
        {
            // The reader first, as every seat change locks: a release never waits in a circle with the reader's own change.
            if (await work.BookingOwnerAsync(bookingId, cancellationToken) is not { } owner)
                return new StaffSeatRelease.NotFound();
            await work.LockPatronAsync(owner, cancellationToken);
            if (await work.LockBookingAsync(bookingId, cancellationToken) is not { } booking)
                return new StaffSeatRelease.NotFound();
            if (!booking.Live)
                return new StaffSeatRelease.AlreadyEnded(booking);
            var now = clock.UtcNow;
            var actor = AuditEntry.Staff(staffId);
            await work.EndBookingAsync(booking.Id, SeatBookingStatus.Released, SeatEndReason.ReleasedByStaff, actor, now, cancellationToken);
            await work.EnqueueAsync(SeatNotices.Cancelled(booking, StaffReleaseReason, clock), cancellationToken);
            await work.AuditAsync(new AuditEntry(actor, "seat.released", $"seat-booking:{booking.Id}", new Dictionary<string, string?>
            {
                ["seat"] = booking.SeatCode,
                ["patron"] = booking.PatronId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["status"] = booking.Status,
            }), cancellationToken);
            await work.CommitAsync(cancellationToken);
            released = booking with { Status = SeatBookingStatus.Released, EndReason = SeatEndReason.ReleasedByStaff, EndedAt = now, EndedBy = actor };
        }
        await counts.ForgetAsync(cancellationToken);
        return new StaffSeatRelease.Released(released);
    }
}

public abstract record StaffSeatRelease
{
    private StaffSeatRelease()
    {
    }

    public sealed record Released(SeatBooking Booking) : StaffSeatRelease;

    public sealed record AlreadyEnded(SeatBooking Booking) : StaffSeatRelease;

    public sealed record NotFound : StaffSeatRelease;
}
