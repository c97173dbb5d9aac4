using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// Whether a reader may queue for a title, answering every reason at once. A hold is for a title whose copies are all
/// out: a copy on the open shelves is there to borrow. Holding a title one has on loan is refused outright (the queue
/// would wait on the reader's own copy). Pure: the caller passes the title as it stands under its lock.
/// </summary>
public static class HoldRules
{
    public static HoldDecision Decide(Patron reader, HoldRequestCase? title, string? pickupBranch, DateOnly? notNeededAfter, DateOnly today)
    {
        List<HoldRefusal> reasons = [];
        switch (reader.StandingOn(today))
        {
            case Standing.Restricted:
                reasons.Add(new HoldRefusal.PatronRestricted(reader.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new HoldRefusal.PatronExpired(reader.ExpiresOn));
                break;
        }
        if (title is null)
            return new HoldDecision.Refused([new HoldRefusal.NoSuchTitle(), .. reasons]);

        var circulating = title.Copies.Where(c => c.Status is not (DeskItem.Lost or DeskItem.Withdrawn)).ToList();
        if (circulating.Count == 0)
            reasons.Add(new HoldRefusal.NotHoldable());
        else if (!title.ReaderMayBorrow)
            reasons.Add(new HoldRefusal.NotLoanableToReader());
        var onShelf = circulating.Where(c => c.Status == DeskItem.Available).Select(c => c.BranchCode).Distinct().Order(StringComparer.Ordinal)
            .Select(code => title.Branches.FirstOrDefault(b => b.Code == code) ?? new BranchRef(0, code, code, code)).ToList();
        if (onShelf.Count > 0)
            reasons.Add(new HoldRefusal.CopyAvailable(onShelf));
        if (title.ReaderHasOnLoan)
            reasons.Add(new HoldRefusal.AlreadyOnLoan());
        if (title.ReaderAlreadyHolds)
            reasons.Add(new HoldRefusal.AlreadyHeld());
        else if (title.ReaderOpenHolds >= title.Policy.MaxOpenHolds)
            reasons.Add(new HoldRefusal.TooManyHolds(title.ReaderOpenHolds, title.Policy.MaxOpenHolds));
        if (notNeededAfter is { } lastDay && lastDay < today)
            reasons.Add(new HoldRefusal.NotNeededAfterPast(lastDay));

        var pickup = PickupBranch(title, pickupBranch, circulating);
        if (pickup is null)
            reasons.Add(new HoldRefusal.UnknownPickupBranch(pickupBranch ?? ""));
        return reasons.Count > 0 || pickup is null ? new HoldDecision.Refused(reasons) : new HoldDecision.Allowed(pickup);
    }

    /// <summary>The branch the reader chose, or else the home branch of the title's first copy (where it is shelved).</summary>
    private static BranchRef? PickupBranch(HoldRequestCase title, string? requested, List<CopyState> circulating)
    {
        var code = !string.IsNullOrWhiteSpace(requested) ? requested.Trim()
            : circulating.Count > 0 ? circulating[0].BranchCode
            : title.Branches.Count > 0 ? title.Branches[0].Code : null;
        return title.Branches.FirstOrDefault(b => string.Equals(b.Code, code, StringComparison.OrdinalIgnoreCase));
    }
}

public abstract record HoldDecision
{
    private HoldDecision()
    {
    }

    public sealed record Allowed(BranchRef PickupBranch) : HoldDecision;

    public sealed record Refused(IReadOnlyList<HoldRefusal> Reasons) : HoldDecision;
}
