namespace WeChatLib.Domain.Loans;

/// <summary>
/// How one patron group may borrow one item type. <see cref="RenewableDaysBeforeDue"/> null means a renewal is
/// allowed at any time before the due date; otherwise not earlier than that many days before it.
/// </summary>
public sealed record LoanPolicy(
    int LoanPeriodDays,
    int RenewalPeriodDays,
    int MaxRenewals,
    int? RenewableDaysBeforeDue,
    bool OverdueRenewable,
    int MaxOpenLoans,
    bool Renewable = true,
    RenewFrom RenewFrom = RenewFrom.Today)
{
    /// <summary>The first library date on which a loan due on <paramref name="dueDate"/> may be renewed, if limited.</summary>
    public DateOnly? FirstRenewalDate(DateOnly dueDate) =>
        RenewableDaysBeforeDue is { } days ? dueDate.AddDays(-days) : null;
}
