using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The organiser cancels the group's booking before it starts: no one holds the room any more, and each companion who
/// has not declined is told by a <c>room-cancelled</c> notice.
/// </summary>
public sealed class CancelRoomBooking(IRooms rooms, LibraryClock clock)
{
    public const string ReasonText = "预约人已取消";

    public async Task<RoomChange> HandleAsync(ReaderRef reader, long bookingId, CancellationToken cancellationToken)
    {
        await using var work = await rooms.BeginAsync(cancellationToken);
        if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
            return new RoomChange.NotFound();
        if (await work.LockBookingAsync(bookingId, cancellationToken) is not { } booking || booking.Member(patron.Id) is null)
            return new RoomChange.NotFound();
        var now = clock.UtcNow;
        var reasons = RoomRules.DecideCancel(booking, patron.Id, now);
        if (reasons.Count > 0)
            return RoomChange.Refuse(reasons, patron);
        var actor = AuditEntry.Patron(patron.Id);
        await work.EndBookingAsync(booking.Id, RoomBookingStatus.Cancelled, RoomEndReason.CancelledByOrganiser, actor, now, cancellationToken);
        await work.EnqueueAsync(RoomNotices.Cancelled(booking, booking.Told.Where(m => !m.IsOrganiser), ReasonText, clock), cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, "room.cancelled", $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string?> { ["room"] = booking.RoomCode }), cancellationToken);
        var limits = await work.LimitsAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomChange.Done(booking with
        {
            Status = RoomBookingStatus.Cancelled, EndReason = RoomEndReason.CancelledByOrganiser, EndedAt = now, EndedBy = actor,
            Members = [.. booking.Members.Select(m => m with { Holds = false })],
        }, limits, patron.PreferredLanguage);
    }
}
