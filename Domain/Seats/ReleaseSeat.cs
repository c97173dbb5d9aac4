using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// Staff release a seat, saying why: its live booking ends <c>released_by_staff</c> now with the reason kept beside it,
/// audited, the reader told the reason in a <c>seat-cancelled</c> notice, and the seat is free.
/// </summary>
public sealed class ReleaseSeat(ISeats seats, LibraryClock clock, IFreeSeatCounts counts)
{
    /// <summary>The longest reason, in characters (Unicode code points, as the database counts them).</summary>
    public const int MaxReasonLength = 200;

    public async Task<StaffSeatRelease> HandleAsync(long bookingId, long staffId, string? reason, CancellationToken cancellationToken)
    {
        // The reader is told the reason and sees it in their seat list: a release without one leaves them guessing.
        var why = reason?.Trim() ?? "";
        // Invisible characters alone (a zero-width space, a direction mark) would tell the reader nothing.
        if (why.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            return new StaffSeatRelease.Invalid("a reason is required: the reader is told it");
        // One line of text: no NUL (which PostgreSQL cannot store), line breaks or other control characters.
        if (why.Any(char.IsControl))
            return new StaffSeatRelease.Invalid("must be one line of text, without control characters");
        if (why.EnumerateRunes().Count() > MaxReasonLength)
            return new StaffSeatRelease.Invalid($"must be at most {MaxReasonLength} characters");

        SeatBooking released;
        await using (var work = await seats.BeginAsync(cancellationToken))
        {
            // The reader first, as every seat change locks: a release never waits in a circle with the reader's own change.
            if (await work.BookingOwnerAsync(bookingId, cancellationToken) is not { } owner
                || await work.LockPatronAsync(owner, cancellationToken) is not { } reader)
                return new StaffSeatRelease.NotFound();
            if (await work.LockBookingAsync(bookingId, cancellationToken) is not { } booking)
                return new StaffSeatRelease.NotFound();
            if (!booking.Live)
                return new StaffSeatRelease.AlreadyEnded(booking);
            var now = clock.UtcNow;
            var actor = AuditEntry.Staff(staffId);
            await work.EndBookingAsync(booking.Id, SeatBookingStatus.Released, SeatEndReason.ReleasedByStaff, actor, now, note: why, cancellationToken);
            await work.EnqueueAsync(SeatNotices.ReleasedByStaff(booking, why, reader.PreferredLanguage, clock), cancellationToken);
            await work.AuditAsync(new AuditEntry(actor, "seat.released", $"seat-booking:{booking.Id}", new Dictionary<string, string?>
            {
                ["seat"] = booking.SeatCode,
                ["patron"] = booking.PatronId.ToString(CultureInfo.InvariantCulture),
                ["status"] = booking.Status,
                ["reason"] = why,
            }), cancellationToken);
            await work.CommitAsync(cancellationToken);
            released = booking with
            {
                Status = SeatBookingStatus.Released, EndReason = SeatEndReason.ReleasedByStaff, EndedAt = now, EndedBy = actor, EndNote = why,
                LeaveUntil = null,
            };
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

    /// <summary>The reason is missing or too long; nothing was changed.</summary>
    public sealed record Invalid(string Problem) : StaffSeatRelease;

    public sealed record NotFound : StaffSeatRelease;
}
