namespace WeChatLib.Domain.Loans;

/// <summary>
/// Where a loan period ends: never on a closed day (moved on to the next open day) and never after the card
/// expires (capped at the expiry date, then moved back to the open day before it).
/// </summary>
public static class DueDateCalculator
{
    public static DateOnly DueDate(DateOnly start, int periodDays, DateOnly cardExpiry, LibraryCalendar calendar)
    {
        var due = start.AddDays(periodDays);
        // A calendar with no open day in reach keeps the plain date rather than inventing one.
        due = calendar.OpenOnOrAfter(due) ?? due;
        if (due > cardExpiry)
        {
            due = calendar.OpenOnOrBefore(cardExpiry) ?? cardExpiry;
        }

        // A card expiring on a closed day, lent that day: the open day before it has passed, so the loan is due that day.
        return due < start ? start : due;
    }

    public static DateOnly CheckoutDueDate(DateOnly today, LoanPolicy policy, DateOnly cardExpiry, LibraryCalendar calendar) =>
        DueDate(today, policy.LoanPeriodDays, cardExpiry, calendar);

    /// <summary>
    /// From the due date, a renewal adds a full period, but an overdue loan counts from today: renewed, it must not be
    /// overdue still (Koha's "combination").
    /// </summary>
    public static DateOnly RenewalDueDate(DateOnly today, DateOnly currentDue, LoanPolicy policy, DateOnly cardExpiry, LibraryCalendar calendar) =>
        DueDate(policy.RenewFrom == RenewFrom.DueDate && currentDue > today ? currentDue : today, policy.RenewalPeriodDays, cardExpiry, calendar);
}
