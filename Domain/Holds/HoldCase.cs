namespace WeChatLib.Domain.Holds;

/// <summary>A hold locked for a change, with its copy (null while it waits).</summary>
public sealed record HoldCase(Hold Hold, RoutableItem? Item);

/// <summary>
/// A copy as routing needs it: its title, its home branch, its status, and where it is travelling to if in transit.
/// </summary>
public sealed record RoutableItem(long Id, long TitleId, string Barcode, string Title, BranchRef Home, string Status, BranchRef? TransitTo);

/// <summary>A hold about to be placed.</summary>
public sealed record NewHold(long PatronId, long TitleId, short PickupBranchId, DateOnly? NotNeededAfter, DateTimeOffset PlacedAt);
