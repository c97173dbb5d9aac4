namespace WeChatLib.Domain.Rooms;

/// <summary>Staff's approvals queue: bookings whose group confirmed and that wait for a decision, oldest first.</summary>
public sealed class ListRoomApprovals(IRooms rooms)
{
    public Task<IReadOnlyList<RoomBooking>> HandleAsync(CancellationToken cancellationToken) => rooms.AwaitingApprovalAsync(cancellationToken);
}
