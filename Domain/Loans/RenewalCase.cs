using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// A loan with everything its renewal decision needs: the policy in force today for the borrower's group and the
/// item's type, whether another reader waits for the title, and the calendar of the item's home branch.
/// </summary>
public sealed record RenewalCase(Loan Loan, PolicyResolution Policy, bool HeldForAnotherReader, LibraryCalendar Calendar)
{
    // No policy for this group and type: the library has not said it may be renewed, so it may not. The other rules
    // still run, so that someone else's loan is "not yours" and a restricted reader hears why, whatever the policy.
    private static readonly LoanPolicy NotRenewable = new(0, 0, 0, null, false, 0, Renewable: false);

    public RenewalDecision Decide(RenewingReader reader, DateOnly today, RenewalOverride? staffOverride = null) =>
        RenewalRules.Decide(Loan.ForRenewal, reader, Policy is PolicyResolution.Found found ? found.Policy : NotRenewable,
            HeldForAnotherReader, today, Calendar, staffOverride);

    /// <summary>Renewals the policy still allows; null when no policy applies.</summary>
    public int? RenewalsLeft => Policy is PolicyResolution.Found found ? Math.Max(0, found.Policy.MaxRenewals - Loan.RenewalCount) : null;
}
