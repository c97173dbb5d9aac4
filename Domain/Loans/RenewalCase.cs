using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// A loan with everything its renewal decision needs: the policy in force today for the borrower's group and the
/// item's type, whether another reader waits for the title, and the calendar of the item's home branch.
/// </summary>
public sealed record RenewalCase(Loan Loan, PolicyResolution Policy, bool HeldForAnotherReader, LibraryCalendar Calendar)
{
    public RenewalDecision Decide(RenewingReader reader, DateOnly today, RenewalOverride? staffOverride = null) =>
        Policy switch
        {
            PolicyResolution.Found found => RenewalRules.Decide(Loan.ForRenewal, reader, found.Policy, HeldForAnotherReader, today, Calendar, staffOverride),
            // No policy for this group and type: the library has not said it may be renewed, so it may not.
            _ => new RenewalDecision.Refused([new RenewalRefusal.ItemTypeNotRenewable(Loan.ItemType)]),
        };

    /// <summary>Renewals the policy still allows; null when no policy applies.</summary>
    public int? RenewalsLeft => Policy is PolicyResolution.Found found ? Math.Max(0, found.Policy.MaxRenewals - Loan.RenewalCount) : null;
}
