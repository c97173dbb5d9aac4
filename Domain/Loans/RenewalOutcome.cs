using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>What became of one renewal request.</summary>
public abstract record RenewalOutcome
{
    private RenewalOutcome()
    {
    }

    /// <summary><paramref name="Overridden"/> lists the refusals staff lifted, empty for a plain renewal.</summary>
    public sealed record Renewed(Loan Loan, DateOnly OldDueOn, IReadOnlyList<RenewalRefusal> Overridden) : RenewalOutcome;

    /// <summary>
    /// Every reason that applies. <paramref name="Loan"/> is null when the loan is not the asker's: saying which book
    /// it is would tell one reader about another's borrowing. <paramref name="Language"/> is the reader's, for the reasons' text.
    /// </summary>
    public sealed record Refused(Loan? Loan, IReadOnlyList<RenewalRefusal> Reasons, Language Language) : RenewalOutcome;

    public sealed record NoSuchLoan : RenewalOutcome;

    /// <summary>The asker is not (or no longer) a reader the library knows, e.g. an openid that is not bound.</summary>
    public sealed record NoSuchReader : RenewalOutcome;
}
