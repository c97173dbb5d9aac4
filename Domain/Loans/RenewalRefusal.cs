using System.Globalization;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// One reason a renewal is refused: a stable snake_case code with its parameters, the same in the chat, over REST
/// and in the audit trail.
/// </summary>
public abstract record RenewalRefusal
{
    private RenewalRefusal()
    {
    }

    public abstract string Code { get; }

    /// <summary>The code's parameters as plain strings (dates as yyyy-MM-dd), for REST and logs.</summary>
    public virtual IReadOnlyDictionary<string, string> Parameters => Empty;

    /// <summary>Whether staff may renew despite it, with a comment. Never a hold or a recall.</summary>
    public virtual bool StaffMayOverride => false;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string Iso(DateOnly date) => Common.IsoDate.Format(date);

    public sealed record TooMany(int Used, int Max) : RenewalRefusal
    {
        public override string Code => "too_many";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["used"] = Used.ToString(CultureInfo.InvariantCulture),
            ["max"] = Max.ToString(CultureInfo.InvariantCulture),
        };

        public override bool StaffMayOverride => true;
    }

    public sealed record TooSoon(DateOnly FirstAllowed) : RenewalRefusal
    {
        public override string Code => "too_soon";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["first_allowed"] = Iso(FirstAllowed) };

        public override bool StaffMayOverride => true;
    }

    /// <summary>Another reader is waiting for the title.</summary>
    public sealed record OnHold : RenewalRefusal
    {
        public override string Code => "on_hold";
    }

    public sealed record Recalled : RenewalRefusal
    {
        public override string Code => "recalled";
    }

    public sealed record PatronRestricted(string Reason) : RenewalRefusal
    {
        public override string Code => "patron_restricted";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["reason"] = Reason };
    }

    public sealed record PatronExpired(DateOnly ExpiredOn) : RenewalRefusal
    {
        public override string Code => "patron_expired";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["expires_on"] = Iso(ExpiredOn) };
    }

    public sealed record OverdueNotRenewable(DateOnly DueDate) : RenewalRefusal
    {
        public override string Code => "overdue_not_renewable";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["due_date"] = Iso(DueDate) };

        public override bool StaffMayOverride => true;
    }

    public sealed record ItemTypeNotRenewable(string ItemType) : RenewalRefusal
    {
        public override string Code => "item_type_not_renewable";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["item_type"] = ItemType };
    }

    /// <summary>The renewal would not move the due date later (same day, or the card expiry caps it).</summary>
    public sealed record WouldNotChangeDueDate(DateOnly DueDate) : RenewalRefusal
    {
        public override string Code => "would_not_change_due_date";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["due_date"] = Iso(DueDate) };
    }

    public sealed record NotYourLoan : RenewalRefusal
    {
        public override string Code => "not_your_loan";
    }

    public sealed record AlreadyReturned : RenewalRefusal
    {
        public override string Code => "already_returned";
    }
}
