using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// The renewal decision, as Koha's CanBookBeRenewed and FOLIO's renewal validator make it, but answering every
/// reason at once. Pure: the caller passes the library's date, the calendar and whether a hold is waiting.
/// </summary>
public static class RenewalRules
{
    public static RenewalDecision Decide(
        RenewableLoan loan,
        RenewingReader reader,
        LoanPolicy policy,
        bool heldForAnotherReader,
        DateOnly today,
        LibraryCalendar calendar,
        RenewalOverride? staffOverride = null)
    {
        // Someone else's or a finished loan is not this reader's to renew: saying more would tell them about it.
        List<RenewalRefusal> reasons = [];
        if (loan.BorrowerId != reader.ReaderId)
        {
            reasons.Add(new RenewalRefusal.NotYourLoan());
        }

        if (loan.Returned)
        {
            reasons.Add(new RenewalRefusal.AlreadyReturned());
        }

        if (reasons.Count > 0)
        {
            return new RenewalDecision.Refused(reasons);
        }

        // A type that is never renewed has no count, window or date to speak of: "renewed 0 of 0 times" would only confuse.
        if (!policy.Renewable)
        {
            reasons.Add(new RenewalRefusal.ItemTypeNotRenewable(loan.ItemType));
        }
        else
        {
            AddLoanLimits(loan, policy, today, reasons);
        }

        if (heldForAnotherReader)
        {
            reasons.Add(new RenewalRefusal.OnHold());
        }

        if (loan.Recalled)
        {
            reasons.Add(new RenewalRefusal.Recalled());
        }

        switch (reader.Standing)
        {
            case Standing.Restricted:
                reasons.Add(new RenewalRefusal.PatronRestricted(reader.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new RenewalRefusal.PatronExpired(reader.CardExpiry));
                break;
        }

        var newDue = DueDateCalculator.RenewalDueDate(today, loan.DueDate, policy, reader.CardExpiry, calendar);
        // An expired card already explains why the date cannot move; repeating it as a second reason only confuses.
        if (policy.Renewable && newDue <= loan.DueDate && reader.Standing != Standing.Expired)
        {
            reasons.Add(new RenewalRefusal.WouldNotChangeDueDate(loan.DueDate));
        }

        if (staffOverride is null || reasons.Count == 0)
        {
            return reasons.Count == 0
                ? new RenewalDecision.Renewable(newDue, [])
                : new RenewalDecision.Refused(reasons);
        }

        // Staff lift what they may; what remains (a hold, a recall, the reader's standing) still refuses.
        var remaining = reasons.Where(r => !r.StaffMayOverride).ToList();
        return remaining.Count == 0
            ? new RenewalDecision.Renewable(newDue, reasons)
            : new RenewalDecision.Refused(remaining);
    }

    private static void AddLoanLimits(RenewableLoan loan, LoanPolicy policy, DateOnly today, List<RenewalRefusal> reasons)
    {
        if (loan.RenewalsUsed >= policy.MaxRenewals)
        {
            reasons.Add(new RenewalRefusal.TooMany(loan.RenewalsUsed, policy.MaxRenewals));
        }

        if (policy.FirstRenewalDate(loan.DueDate) is { } firstAllowed && today < firstAllowed)
        {
            reasons.Add(new RenewalRefusal.TooSoon(firstAllowed));
        }

        if (today > loan.DueDate && !policy.OverdueRenewable)
        {
            reasons.Add(new RenewalRefusal.OverdueNotRenewable(loan.DueDate));
        }
    }
}
