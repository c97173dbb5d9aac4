using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// Staff approve a booking awaiting approval (it holds: confirmed) or reject it with a reason (it ends: rejected, no one
/// holds the room). Every member but those who declined is told by a <c>room-approval</c> notice; audited. A booking
/// decided already, or no longer awaiting, is a conflict, as is an approval after the deadline. The group's people are locked before the booking, as every
/// room change locks them.
/// </summary>
public sealed class DecideRoomApproval(IRooms rooms, LibraryClock clock)
{
    public Task<RoomApprovalResult> ApproveAsync(long bookingId, long staffId, string? note, CancellationToken cancellationToken) =>
        DecideAsync(bookingId, staffId, approved: true, note, cancellationToken);

    public Task<RoomApprovalResult> RejectAsync(long bookingId, long staffId, string reason, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(reason)
            ? Task.FromResult<RoomApprovalResult>(new RoomApprovalResult.Invalid("a reason is required"))
            : DecideAsync(bookingId, staffId, approved: false, reason, cancellationToken);

    private async Task<RoomApprovalResult> DecideAsync(long bookingId, long staffId, bool approved, string? note, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        await using var work = await rooms.BeginAsync(cancellationToken);
        var people = await work.MemberIdsAsync(bookingId, cancellationToken);
        if (people.Count == 0)
            return new RoomApprovalResult.NotFound();
        await work.LockPatronsAsync(people, cancellationToken);
        if (await work.LockBookingAsync(bookingId, cancellationToken) is not { } booking)
            return new RoomApprovalResult.NotFound();
        if (booking.Status != RoomBookingStatus.AwaitingApproval)
            return new RoomApprovalResult.NotAwaiting(booking);
        var now = clock.UtcNow;
        // Past the deadline the booking is due to lapse (the schedule ends it within the minute): approving it then would
        // hold a room the rules gave up, perhaps already started. A rejection still tells the group why.
        if (approved && now >= booking.ConfirmBy)
            return new RoomApprovalResult.DeadlinePassed(booking);
        var actor = AuditEntry.Staff(staffId);
        RoomBooking decided;
        if (approved)
        {
            await work.ApproveAsync(booking.Id, actor, now, text, cancellationToken);
            decided = booking with { Status = RoomBookingStatus.Confirmed, DecidedBy = actor, DecidedAt = now, DecisionNote = text };
        }
        else
        {
            await work.RejectAsync(booking.Id, actor, now, text!, cancellationToken);
            decided = booking with
            {
                Status = RoomBookingStatus.Rejected, DecidedBy = actor, DecidedAt = now, DecisionNote = text, EndedAt = now,
                EndReason = RoomEndReason.Rejected, EndedBy = actor, Members = [.. booking.Members.Select(m => m with { Holds = false })],
            };
        }
        await work.EnqueueAsync(RoomNotices.Approval(booking, approved, text, clock), cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, approved ? "room.approved" : "room.rejected", $"room-booking:{booking.Id.ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string?> { ["room"] = booking.RoomCode, ["note"] = text }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new RoomApprovalResult.Decided(decided);
    }
}

public abstract record RoomApprovalResult
{
    private RoomApprovalResult()
    {
    }

    public sealed record Decided(RoomBooking Booking) : RoomApprovalResult;

    /// <summary>The booking is not awaiting approval (decided already, lapsed, cancelled, or never needing it).</summary>
    public sealed record NotAwaiting(RoomBooking Booking) : RoomApprovalResult;

    /// <summary>The deadline for a decision (<see cref="RoomBooking.ConfirmBy"/>) has passed: the booking lapses instead.</summary>
    public sealed record DeadlinePassed(RoomBooking Booking) : RoomApprovalResult;

    public sealed record Invalid(string Problem) : RoomApprovalResult;

    public sealed record NotFound : RoomApprovalResult;
}
