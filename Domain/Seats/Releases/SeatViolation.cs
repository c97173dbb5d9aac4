namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// A violation on record: a booking released as a no-show or a leave overrun, at the moment it fell due.
/// <see cref="BookingId"/> is the seat booking's, or the room booking's when <see cref="Kind"/> is <see cref="RoomNoShow"/>.
/// </summary>
public sealed record SeatViolation(long Id, long PatronId, long BookingId, string Kind, DateTimeOffset OccurredAt)
{
    /// <summary>A room booking nobody checked into, counted against its organiser under the seat rules.</summary>
    public const string RoomNoShow = "room_no_show";

    public bool IsRoomNoShow => Kind == RoomNoShow;
}
