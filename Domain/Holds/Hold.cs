namespace WeChatLib.Domain.Holds;

/// <summary>
/// A reader's hold on a title. <paramref name="Position"/> is the place in the title's queue while waiting (1 is next);
/// <paramref name="ItemBarcode"/> the copy on its way or on the shelf; <paramref name="PickupBy"/> the last open day
/// to collect it.
/// </summary>
public sealed record Hold(
    long Id,
    long PatronId,
    long TitleId,
    string Title,
    string Author,
    BranchRef PickupBranch,
    string Status,
    DateTimeOffset PlacedAt,
    DateOnly? NotNeededAfter,
    int? Position,
    string? ItemBarcode,
    DateTimeOffset? ReadyAt,
    DateOnly? PickupBy,
    DateTimeOffset? EndedAt,
    string? EndReason)
{
    public bool Active => HoldStatus.IsActive(Status);
}

/// <summary>A hold as staff see it, with the reader's card and name.</summary>
public sealed record StaffHold(Hold Hold, string CardNumber, string PatronName);

/// <summary>A reader and their holds: the open ones, then those ended lately, newest first.</summary>
public sealed record ReaderHolds(Readers.Patron Reader, IReadOnlyList<Hold> Holds);

/// <summary>A title's queue: the holds with a copy assigned (in transit, ready), then the waiting ones in order.</summary>
public sealed record HoldQueueOfTitle(long TitleId, string Title, string Author, string Isbn, IReadOnlyList<StaffHold> Holds);

/// <summary>A copy on its way between branches: for a hold (<paramref name="Hold"/>), or home.</summary>
public sealed record TransitItem(string Barcode, string Title, BranchRef To, BranchRef Home, DateTimeOffset Since, StaffHold? Hold);
