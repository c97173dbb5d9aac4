namespace WeChatLib.Domain.Holds;

/// <summary>
/// A title locked for a new hold, with everything the decision needs, read after the lock: the state of each copy,
/// the reader's loans and holds, the group's hold policy, the branches a reader may pick up at, and whether the reader's
/// group may borrow any of its copies.
/// </summary>
public sealed record HoldRequestCase(
    long TitleId,
    string Title,
    IReadOnlyList<CopyState> Copies,
    bool ReaderHasOnLoan,
    bool ReaderAlreadyHolds,
    int ReaderOpenHolds,
    HoldPolicy Policy,
    IReadOnlyList<BranchRef> Branches,
    bool ReaderMayBorrow = true);

/// <summary>One copy of a title: its home branch and its holdings status.</summary>
public sealed record CopyState(string BranchCode, string Status);
