using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>Staff's calendar of every room (of a branch, or all) for a day: each room's bookings in any state, with their group, and its blocks.</summary>
public sealed class GetRoomCalendar(IRooms rooms, LibraryClock clock)
{
    public async Task<RoomCalendar> HandleAsync(DateOnly? date, string? branchCode, CancellationToken cancellationToken)
    {
        var day = date ?? clock.Today;
        var all = await rooms.RoomsAsync(ListRooms.Branch(branchCode), cancellationToken);
        var (from, to) = RoomRules.Day(day, clock.Zone);
        var ids = all.Select(r => r.Id).ToList();
        var bookings = ids.Count == 0 ? [] : await rooms.BookingsMeetingAsync(ids, from, to, liveOnly: false, cancellationToken);
        var blocks = ids.Count == 0 ? [] : await rooms.BlocksMeetingAsync(ids, from, to, cancellationToken);
        return new RoomCalendar(day, [.. all.Select(r => new RoomCalendarRow(r,
            [.. bookings.Where(b => b.RoomId == r.Id).OrderBy(b => b.Starts).ThenBy(b => b.Id)],
            [.. blocks.Where(b => b.RoomId == r.Id).OrderBy(b => b.From)]))]);
    }
}

public sealed record RoomCalendar(DateOnly Date, IReadOnlyList<RoomCalendarRow> Rooms);

public sealed record RoomCalendarRow(Room Room, IReadOnlyList<RoomBooking> Bookings, IReadOnlyList<RoomBlock> Blocks);
