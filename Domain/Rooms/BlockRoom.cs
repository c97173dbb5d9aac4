using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// Staff block a room for a period (an event, maintenance). In one transaction: the block, and every live booking it
/// meets cancelled (<c>room_blocked</c>), no one holding the room any more, each member who had not declined told by a
/// <c>room-cancelled</c> notice, an audit row each. The room is locked against bookings first, then the people in id
/// order, as every room change locks them.
/// </summary>
public sealed class BlockRoom(IRooms rooms, LibraryClock clock)
{
    public async Task<RoomBlocking> HandleAsync(long roomId, DateTimeOffset from, DateTimeOffset to, string reason, long staffId,
        CancellationToken cancellationToken)
    {
        if (to <= from || string.IsNullOrWhiteSpace(reason))
            return new RoomBlocking.Invalid(to <= from ? "until must be after from" : "a reason is required");
        var why = reason.Trim();
        var actor = AuditEntry.Staff(staffId);
        await using var work = await rooms.BeginAsync(cancellationToken);
        // Locked against bookings: those in flight commit first and are met below; those after it see the block.
        if (await work.LockRoomAsync(roomId, cancellationToken) is null)
            return new RoomBlocking.NotFound();
        var meeting = await work.LiveBookingsMeetingAsync(roomId, from, to, cancellationToken);
        await work.LockPatronsAsync(meeting.SelectMany(m => m.PatronIds).Distinct(), cancellationToken);
        var blockId = await work.AddBlockAsync(roomId, from, to, why, actor, cancellationToken);
        var now = clock.UtcNow;
        List<RoomBooking> cancelled = [];
        foreach (var (bookingId, _) in meeting.OrderBy(m => m.BookingId))
        {
            // Read again under the lock: the group may have cancelled meanwhile.
            if (await work.LockBookingAsync(bookingId, cancellationToken) is not { Live: true } booking)
                continue;
            await work.EndBookingAsync(booking.Id, RoomBookingStatus.Cancelled, RoomEndReason.RoomBlocked, actor, now, cancellationToken);
            await work.EnqueueAsync(RoomNotices.Cancelled(booking, booking.Told, why, clock), cancellationToken);
            await work.AuditAsync(new AuditEntry(actor, "room.cancelled_by_block", $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}",
                new Dictionary<string, string?>
                {
                    ["block"] = blockId.ToString(CultureInfo.InvariantCulture),
                    ["organiser"] = booking.OrganiserId.ToString(CultureInfo.InvariantCulture),
                    ["room"] = booking.RoomCode,
                }), cancellationToken);
            cancelled.Add(booking with { Status = RoomBookingStatus.Cancelled, EndReason = RoomEndReason.RoomBlocked, EndedAt = now, EndedBy = actor });
        }
        await work.AuditAsync(new AuditEntry(actor, "room.blocked", $"room:{roomId.ToString(CultureInfo.InvariantCulture)}", new Dictionary<string, string?>
        {
            ["from"] = from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["to"] = to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["reason"] = why,
            ["cancelled"] = cancelled.Count.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomBlocking.Blocked(blockId, cancelled);
    }
}

public abstract record RoomBlocking
{
    private RoomBlocking()
    {
    }

    /// <param name="Cancelled">The live bookings the block met, now cancelled with a notice to each member.</param>
    public sealed record Blocked(long BlockId, IReadOnlyList<RoomBooking> Cancelled) : RoomBlocking;

    public sealed record Invalid(string Problem) : RoomBlocking;

    public sealed record NotFound : RoomBlocking;
}
