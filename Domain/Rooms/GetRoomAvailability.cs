using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The availability grid for a day (today by default): the open rooms of a branch (or all), each with its 30-minute
/// slots within the branch's opening hours, every one free, taken, blocked or closed; with the last day the room rules
/// let one book, so that a day past it (all closed) is told apart from a full one.
/// </summary>
public sealed class GetRoomAvailability(IRooms rooms, LibraryClock clock)
{
    public async Task<RoomAvailability> HandleAsync(DateOnly? date, string? branchCode, CancellationToken cancellationToken)
    {
        // One reading of the clock: a midnight between two would give a horizon and slots of different days.
        var now = clock.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, clock.Zone).DateTime);
        var day = date ?? today;
        var open = (await rooms.RoomsAsync(ListRooms.Branch(branchCode), cancellationToken)).Where(r => r.Enabled).ToList();
        var (from, to) = RoomRules.Day(day, clock.Zone);
        var ids = open.Select(r => r.Id).ToList();
        var calendars = await rooms.CalendarsAsync(cancellationToken);
        var limits = await rooms.LimitsAsync(cancellationToken);
        var bookings = ids.Count == 0 ? [] : await rooms.BookingsMeetingAsync(ids, from, to, liveOnly: true, cancellationToken);
        var blocks = ids.Count == 0 ? [] : await rooms.BlocksMeetingAsync(ids, from, to, cancellationToken);
        return new RoomAvailability(day, limits.LastBookableDate(today), limits.DaysAhead, [.. open.Select(room => new RoomDay(room,
            calendars.TryGetValue(room.BranchId, out var calendar)
                ? RoomRules.DaySlots(room, day, calendar, [.. bookings.Where(b => b.RoomId == room.Id).Select(b => (b.Starts, b.Ends))],
                    [.. blocks.Where(b => b.RoomId == room.Id)], now, limits, clock.Zone)
                : []))]);
    }
}

/// <param name="LastBookableDate">The last day rooms may be booked for: today and <paramref name="DaysAhead"/> days after it.</param>
public sealed record RoomAvailability(DateOnly Date, DateOnly LastBookableDate, int DaysAhead, IReadOnlyList<RoomDay> Rooms);

/// <summary>A room's slots on the day; none when its branch is closed.</summary>
public sealed record RoomDay(Room Room, IReadOnlyList<RoomSlot> Slots);
