using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// A companion declines a room invitation (拒绝). It is recorded; the organiser sees it among the group's answers, and a
/// booking whose group can no longer form lapses at its deadline as any other that did not gather enough.
/// </summary>
public sealed class DeclineRoomInvitation(IRooms rooms, LibraryClock clock)
{
    /// <param name="bookingId">The booking; null for the reader's latest open invitation (a reply in the chat).</param>
    public async Task<RoomChange> HandleAsync(ReaderRef reader, long? bookingId, CancellationToken cancellationToken)
    {
        await using var work = await rooms.BeginAsync(cancellationToken);
        if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
            return new RoomChange.NotFound();
        var now = clock.UtcNow;
        if ((bookingId ?? await work.LatestInvitationAsync(patron.Id, now, cancellationToken)) is not { } id)
            return RoomChange.Refuse([new RoomRefusal.NoInvitation()], patron);
        if (await work.LockBookingAsync(id, cancellationToken) is not { } booking || booking.Member(patron.Id) is null)
            return new RoomChange.NotFound();
        var reasons = RoomRules.DecideDecline(booking, patron.Id);
        if (reasons.Count > 0)
            return RoomChange.Refuse(reasons, patron);
        await work.DeclineMemberAsync(booking.Id, patron.Id, now, cancellationToken);
        await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "room.invitation_declined",
            $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
        var limits = await work.LimitsAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomChange.Done(booking with
        {
            Members = [.. booking.Members.Select(m => m.PatronId == patron.Id ? m with { Status = RoomMember.Declined, RespondedAt = now } : m)],
        }, limits, patron.PreferredLanguage);
    }
}
