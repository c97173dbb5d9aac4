using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The rooms a reader may book (switched on, open to their patron group) that are free in the next few hours today, each
/// with its next free 30-minute slots: what the chat answers to “研讨室”. Whether any of those rooms' branches is still
/// open today tells “closed” apart from “all taken”.
/// </summary>
public sealed class ListFreeRooms(IRooms rooms, LibraryClock clock)
{
    /// <summary>How far ahead “soon” looks.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromHours(3);

    /// <summary>Free slots named per room.</summary>
    public const int SlotsPerRoom = 4;

    public async Task<FreeRooms?> HandleAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        if (await rooms.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return null;
        var bookable = (await rooms.RoomsAsync(null, cancellationToken)).Where(r => r.Enabled && r.Admits(patron.Group)).ToList();
        if (bookable.Count == 0)
            return new FreeRooms(patron, 0, false, []);
        var (today, now) = (clock.Today, clock.UtcNow);
        var (from, to) = RoomRules.Day(today, clock.Zone);
        var ids = bookable.Select(r => r.Id).ToList();
        var calendars = await rooms.CalendarsAsync(cancellationToken);
        var limits = await rooms.LimitsAsync(cancellationToken);
        var bookings = await rooms.BookingsMeetingAsync(ids, from, to, liveOnly: true, cancellationToken);
        var blocks = await rooms.BlocksMeetingAsync(ids, from, to, cancellationToken);
        var open = false;
        List<FreeRoom> free = [];
        foreach (var room in bookable)
        {
            if (!calendars.TryGetValue(room.BranchId, out var calendar))
                continue;
            var slots = RoomRules.DaySlots(room, today, calendar, [.. bookings.Where(b => b.RoomId == room.Id).Select(b => (b.Starts, b.Ends))],
                [.. blocks.Where(b => b.RoomId == room.Id)], now, limits, clock.Zone);
            open |= slots.Any(s => s.Ends > now);
            if (RoomRules.FreeSoon(slots, now, Within, SlotsPerRoom) is { Count: > 0 } soon)
                free.Add(new FreeRoom(room, soon));
        }
        return new FreeRooms(patron, bookable.Count, open, free);
    }
}

/// <param name="Bookable">How many rooms the reader may book at all.</param>
/// <param name="OpenToday">Whether any room the reader may book has opening hours left today.</param>
/// <param name="Rooms">The rooms with a free slot soon, by branch, floor and code.</param>
public sealed record FreeRooms(Patron Reader, int Bookable, bool OpenToday, IReadOnlyList<FreeRoom> Rooms);

/// <param name="Slots">The next free 30-minute slots, soonest first.</param>
public sealed record FreeRoom(Room Room, IReadOnlyList<RoomSlot> Slots);
