using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The room bookings a reader is in, as organiser or companion, with the group and each member's answer: live ones
/// first (soonest first), then those of the last week, newest first.
/// </summary>
public sealed class ListMyRoomBookings(IRooms rooms, LibraryClock clock)
{
    public const int RecentDays = 7;

    public async Task<MyRoomBookings?> HandleAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        if (await rooms.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return null;
        var bookings = await rooms.BookingsOfAsync(patron.Id, clock.UtcNow.AddDays(-RecentDays), cancellationToken);
        var live = bookings.Where(b => b.Live).OrderBy(b => b.Starts).ThenBy(b => b.Id);
        var ended = bookings.Where(b => !b.Live).OrderByDescending(b => b.Starts).ThenByDescending(b => b.Id);
        return new MyRoomBookings(patron, [.. live, .. ended], await rooms.LimitsAsync(cancellationToken));
    }
}

/// <param name="Limits">The library's limits, which say when each booking's check-in window opens and closes.</param>
public sealed record MyRoomBookings(Patron Reader, IReadOnlyList<RoomBooking> Bookings, RoomLimits Limits)
{
    /// <summary>Invitations the reader has not answered, on bookings still live.</summary>
    public IEnumerable<RoomBooking> OpenInvitations => Bookings.Where(b => b.Live && b.Member(Reader.Id)?.Status == RoomMember.Invited);
}
