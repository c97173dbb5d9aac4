using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// A companion confirms a room invitation (确认), by a tap or a reply. From then on they hold the room: the database
/// refuses a person two overlapping rooms, and that refusal is an answer, not an error. When enough of the group has
/// confirmed, the booking holds (or goes to staff, for rooms that need approval) and the group is told.
/// </summary>
public sealed class ConfirmRoomInvitation(IRooms rooms, LibraryClock clock)
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
        if (await work.LockBookingAsync(id, cancellationToken) is not { } booking || booking.Member(patron.Id) is null
            || await work.RoomAsync(booking.RoomId, cancellationToken) is not { } room)
            return new RoomChange.NotFound();
        var limits = await work.LimitsAsync(cancellationToken);
        var dayOfBooking = RoomRules.Day(RoomRules.LocalDate(booking.Starts, clock.Zone), clock.Zone);
        var day = await work.PersonDayAsync(patron.Id, dayOfBooking, now, cancellationToken);
        var reasons = RoomRules.DecideConfirm(booking, patron, day, room, limits, now, clock.Zone);
        if (reasons.Count > 0)
            return RoomChange.Refuse(reasons, patron);
        if (await work.ConfirmMemberAsync(booking.Id, patron.Id, now, cancellationToken) is MemberConfirmation.Busy)
        {
            var held = (await work.PersonDayAsync(patron.Id, dayOfBooking, now, cancellationToken)).Overlapping(booking.Starts, booking.Ends, except: booking.Id);
            return RoomChange.Refuse([new RoomRefusal.AlreadyInRoom(held?.BookingId ?? 0, held?.RoomCode ?? "")], patron);
        }

        var next = RoomRules.StatusAfterConfirmation(booking, room);
        var updated = booking with
        {
            Status = next ?? booking.Status,
            Members = [.. booking.Members.Select(m => m.PatronId == patron.Id ? m with { Status = RoomMember.Confirmed, RespondedAt = now, Holds = true } : m)],
        };
        if (next is not null)
            await work.SetStatusAsync(booking.Id, next, cancellationToken);
        // The group is told once it holds; one who confirms after that is told alone. Awaiting staff, no one is told yet.
        IReadOnlyList<Notice> notices = next == RoomBookingStatus.Confirmed
            ? RoomNotices.Confirmed(updated, updated.Members.Where(m => m.Status == RoomMember.Confirmed).Select(m => m.PatronId), limits, clock)
            : booking.Status is RoomBookingStatus.Confirmed or RoomBookingStatus.CheckedIn ? RoomNotices.Confirmed(updated, [patron.Id], limits, clock)
            : [];
        await work.EnqueueAsync(notices, cancellationToken);
        await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "room.invitation_confirmed",
            $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}", new Dictionary<string, string?> { ["status"] = updated.Status }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomChange.Done(updated, limits, patron.PreferredLanguage);
    }
}
