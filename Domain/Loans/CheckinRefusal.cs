namespace WeChatLib.Domain.Loans;

/// <summary>Why a check-in changed nothing: a stable snake_case code with its parameters.</summary>
public abstract record CheckinRefusal
{
    private CheckinRefusal()
    {
    }

    public abstract string Code { get; }

    public abstract IReadOnlyDictionary<string, string> Parameters { get; }

    public sealed record NoSuchItem(string Barcode) : CheckinRefusal
    {
        public override string Code => "no_such_item";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["barcode"] = Barcode };
    }

    /// <summary>The item has no open loan: never lent, or already checked in (a repeat scan).</summary>
    public sealed record NotOnLoan(string Barcode, string Status) : CheckinRefusal
    {
        public override string Code => "not_on_loan";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["barcode"] = Barcode, ["status"] = Status };
    }

    /// <summary>The desk named a branch the library does not have.</summary>
    public sealed record UnknownBranch(string Branch) : CheckinRefusal
    {
        public override string Code => "unknown_branch";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["branch"] = Branch };
    }
}
