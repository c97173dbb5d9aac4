using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// One reason an item may not be checked out to a reader: a stable snake_case code with its parameters, as
/// <see cref="RenewalRefusal"/> has, so that the desk can show every reason at once.
/// </summary>
public abstract record CheckoutRefusal
{
    private CheckoutRefusal()
    {
    }

    public abstract string Code { get; }

    /// <summary>The code's parameters as plain strings (dates as yyyy-MM-dd).</summary>
    public virtual IReadOnlyDictionary<string, string> Parameters => Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public sealed record NoSuchItem(string Barcode) : CheckoutRefusal
    {
        public override string Code => "no_such_item";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["barcode"] = Barcode };
    }

    /// <summary>The item is on loan, in transit, lost, withdrawn or on the hold shelf with no hold to fill.</summary>
    public sealed record ItemNotAvailable(string Status) : CheckoutRefusal
    {
        public override string Code => "item_not_available";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["status"] = Status };
    }

    public sealed record PatronRestricted(string Reason) : CheckoutRefusal
    {
        public override string Code => "patron_restricted";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["reason"] = Reason };
    }

    public sealed record PatronExpired(DateOnly ExpiredOn) : CheckoutRefusal
    {
        public override string Code => "patron_expired";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["expires_on"] = Common.IsoDate.Format(ExpiredOn) };
    }

    /// <summary>The library has not said how the reader's group borrows this item type.</summary>
    public sealed record NoPolicy(PatronGroup Group, string ItemType) : CheckoutRefusal
    {
        public override string Code => "no_policy";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["patron_group"] = Group.Code(), ["item_type"] = ItemType };
    }

    /// <summary>The reader already has as many open loans of this item type as the policy allows.</summary>
    public sealed record TooManyLoans(string ItemType, int Open, int Max) : CheckoutRefusal
    {
        public override string Code => "too_many_loans";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["item_type"] = ItemType,
            ["open"] = Open.ToString(CultureInfo.InvariantCulture),
            ["max"] = Max.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The item waits on the hold shelf for another reader.</summary>
    public sealed record OnHoldForAnotherReader : CheckoutRefusal
    {
        public override string Code => "on_hold_for_another_reader";
    }
}
