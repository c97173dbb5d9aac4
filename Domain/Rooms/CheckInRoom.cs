using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// A member of the group checks the booking in (签到) by scanning the QR code on the room's door, from a few minutes
/// before the start to a few after; one member's check-in is the group's. Only a confirmed booking can be checked in.
/// </summary>
public sealed class CheckInRoom(IRooms rooms, LibraryClock clock)
{
    /// <summary>Whether what was scanned names a room's door rather than anything else (a seat): the chat's one scan button serves both.</summary>
    public async Task<bool> IsRoomAsync(string? scanned, CancellationToken cancellationToken) =>
        ScannedRoomCode.From(scanned) is { } code && await rooms.RoomByCodeAsync(code, cancellationToken) is not null;

    /// <param name="bookingId">The booking; null for the reader's booking of the scanned room nearest to now (a scan from the chat).</param>
    /// <param name="scanned">What the QR code carries: the room code, or a URL or text naming it.</param>
    public async Task<RoomChange> HandleAsync(ReaderRef reader, long? bookingId, string? scanned, CancellationToken cancellationToken)
    {
        await using var work = await rooms.BeginAsync(cancellationToken);
        if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
            return new RoomChange.NotFound();
        var now = clock.UtcNow;
        var code = ScannedRoomCode.From(scanned) ?? "";
        var id = bookingId;
        if (id is null)
        {
            // The scanned room's booking nearest to now, else any (which the rules answer with the right room's code).
            var live = await work.LiveBookingsOfAsync(patron.Id, cancellationToken);
            var chosen = live.OrderBy(b => string.Equals(b.RoomCode, code, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(b => (b.Starts - now).Duration()).FirstOrDefault();
            if (chosen is null)
                return RoomChange.Refuse([new RoomRefusal.NoBooking()], patron);
            id = chosen.Id;
        }
        if (await work.LockBookingAsync(id.Value, cancellationToken) is not { } booking || booking.Member(patron.Id) is null)
            return new RoomChange.NotFound();
        var limits = await work.LimitsAsync(cancellationToken);
        var reasons = RoomRules.DecideCheckIn(booking, patron.Id, code, limits, now);
        if (reasons.Count > 0)
            return RoomChange.Refuse(reasons, patron);
        await work.CheckInAsync(booking.Id, patron.Id, now, cancellationToken);
        await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "room.checked_in", $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string?> { ["room"] = booking.RoomCode }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomChange.Done(booking with { Status = RoomBookingStatus.CheckedIn, CheckedInAt = now, CheckedInBy = patron.Id }, limits,
            patron.PreferredLanguage);
    }
}
