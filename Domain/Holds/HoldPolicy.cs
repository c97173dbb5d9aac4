namespace WeChatLib.Domain.Holds;

/// <summary>How one patron group may hold: open holds at once, and how many open days a copy waits on the hold shelf.</summary>
public sealed record HoldPolicy(int MaxOpenHolds, int PickupOpenDays)
{
    /// <summary>A group the library has not given a hold policy may not place holds.</summary>
    public static readonly HoldPolicy None = new(0, 1);
}
