using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>What a reader's change to a room booking they are in came to.</summary>
public abstract record RoomChange
{
    private RoomChange()
    {
    }

    /// <summary>Done: the booking as it now stands, and the limits that say when its check-in window runs.</summary>
    public sealed record Done(RoomBooking Booking, RoomLimits Limits, Language Language) : RoomChange;

    /// <summary>Nothing changed, for every reason given.</summary>
    public sealed record Refused(IReadOnlyList<RoomRefusal> Reasons, Language Language) : RoomChange;

    /// <summary>No such booking, or one the reader is not in (answered alike).</summary>
    public sealed record NotFound : RoomChange;

    public static RoomChange Refuse(IReadOnlyList<RoomRefusal> reasons, Patron reader) => new Refused(reasons, reader.PreferredLanguage);
}
