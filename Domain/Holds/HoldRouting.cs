namespace WeChatLib.Domain.Holds;

/// <summary>
/// Where a copy goes when it is free (returned, arrived, or released by a hold that ended): to the first waiting hold,
/// onto the hold shelf if it is at that hold's pickup branch and in transit there if not; with no hold, back on the
/// shelf at home, or in transit home. "Ready" follows only the copy's arrival on the shelf, never dates.
/// </summary>
public static class HoldRouting
{
    /// <param name="here">The branch the copy is at; null while it is still travelling.</param>
    public static ItemRoute For(short? here, BranchRef home, WaitingHold? next) => next switch
    {
        not null when here == next.PickupBranch.Id => new ItemRoute.ToHoldShelf(next),
        not null => new ItemRoute.ToTransit(next.PickupBranch, next),
        null when here == home.Id => new ItemRoute.ToShelf(home),
        _ => new ItemRoute.ToTransit(home, null),
    };
}

/// <summary>The first hold waiting in a title's queue, with what its reader's pickup deadline depends on.</summary>
public sealed record WaitingHold(long HoldId, long PatronId, string CardNumber, BranchRef PickupBranch, int PickupOpenDays);

public abstract record ItemRoute
{
    private ItemRoute()
    {
    }

    /// <summary>Onto the hold shelf for <paramref name="Hold"/>, whose reader is told it is ready; <paramref name="PickupBy"/> once shelved.</summary>
    public sealed record ToHoldShelf(WaitingHold Hold, DateOnly? PickupBy = null) : ItemRoute;

    /// <summary>In transit to <paramref name="To"/>: for <paramref name="Hold"/>, or home when it is null.</summary>
    public sealed record ToTransit(BranchRef To, WaitingHold? Hold) : ItemRoute;

    /// <summary>Back on the open shelves of its home branch.</summary>
    public sealed record ToShelf(BranchRef Home) : ItemRoute;
}
