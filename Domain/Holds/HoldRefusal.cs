using System.Globalization;

namespace WeChatLib.Domain.Holds;

/// <summary>One reason a hold is refused: a stable snake_case code with its parameters, in the chat and over REST.</summary>
public abstract record HoldRefusal
{
    private HoldRefusal()
    {
    }

    public abstract string Code { get; }

    public virtual IReadOnlyDictionary<string, string> Parameters => Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public sealed record NoSuchTitle : HoldRefusal
    {
        public override string Code => "no_such_title";
    }

    /// <summary>No copy of the title circulates (none, or all lost or withdrawn): a hold would wait for ever.</summary>
    public sealed record NotHoldable : HoldRefusal
    {
        public override string Code => "not_holdable";
    }

    /// <summary>A copy is on the open shelves: the reader may borrow it now instead.</summary>
    public sealed record CopyAvailable(IReadOnlyList<BranchRef> Branches) : HoldRefusal
    {
        public override string Code => "copy_available";

        public IReadOnlyList<string> BranchCodes => [.. Branches.Select(b => b.Code)];

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["branches"] = string.Join(",", BranchCodes) };
    }

    /// <summary>The reader's group may borrow no circulating copy of the title (no loan policy for its item type).</summary>
    public sealed record NotLoanableToReader : HoldRefusal
    {
        public override string Code => "not_loanable_to_reader";
    }

    /// <summary>The reader has a copy of the title on loan.</summary>
    public sealed record AlreadyOnLoan : HoldRefusal
    {
        public override string Code => "already_on_loan";
    }

    public sealed record AlreadyHeld : HoldRefusal
    {
        public override string Code => "already_held";
    }

    public sealed record TooManyHolds(int Open, int Max) : HoldRefusal
    {
        public override string Code => "too_many_holds";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["open"] = Open.ToString(CultureInfo.InvariantCulture),
            ["max"] = Max.ToString(CultureInfo.InvariantCulture),
        };
    }

    public sealed record UnknownPickupBranch(string Branch) : HoldRefusal
    {
        public override string Code => "unknown_pickup_branch";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["branch"] = Branch };
    }

    /// <summary>The date after which the reader no longer needs the title is already past.</summary>
    public sealed record NotNeededAfterPast(DateOnly Date) : HoldRefusal
    {
        public override string Code => "not_needed_after_past";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["not_needed_after"] = Common.IsoDate.Format(Date) };
    }

    public sealed record PatronRestricted(string Reason) : HoldRefusal
    {
        public override string Code => "patron_restricted";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["reason"] = Reason };
    }

    public sealed record PatronExpired(DateOnly ExpiredOn) : HoldRefusal
    {
        public override string Code => "patron_expired";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["expires_on"] = Common.IsoDate.Format(ExpiredOn) };
    }
}
