namespace WeChatLib.Domain.Rooms;

/// <summary>A slot of a room's day and what it is for a reader: <c>free</c>, <c>taken</c>, <c>blocked</c> or <c>closed</c>.</summary>
public sealed record RoomSlot(DateTimeOffset Starts, DateTimeOffset Ends, string State)
{
    public const string Free = "free";
    public const string Taken = "taken";
    public const string Blocked = "blocked";
    /// <summary>Not bookable: started already, beyond the days ahead, or the room switched off.</summary>
    public const string Closed = "closed";
}
