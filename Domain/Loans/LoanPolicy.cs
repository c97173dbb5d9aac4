namespace WeChatLib.Domain.Loans;

/// <summary>
/// How one patron group may borrow one item type. <see cref="RenewableDaysBeforeDue"/> null means a renewal is
/// allowed at any time before the due date; otherwise not earlier than that many days before it. A recalled loan is
/// due <see cref="RecallReturnDays"/> after the recall, but not before <see cref="GuaranteedLoanDays"/> after checkout.
/// </summary>
public sealed record LoanPolicy(
    int LoanPeriodDays,
    int RenewalPeriodDays,
    int MaxRenewals,
    int? RenewableDaysBeforeDue,
    bool OverdueRenewable,
    int MaxOpenLoans,
    bool Renewable = true,
    RenewFrom RenewFrom = RenewFrom.Today,
    int RecallReturnDays = LoanPolicy.DefaultRecallReturnDays,
    int GuaranteedLoanDays = LoanPolicy.DefaultGuaranteedLoanDays)
{
    /// <summary>The database's defaults (migration 0012): what a policy that never set them has.</summary>
    public const int DefaultRecallReturnDays = 7;
    public const int DefaultGuaranteedLoanDays = 14;

    /// <summary>The first library date on which a loan due on <paramref name="dueDate"/> may be renewed, if limited.</summary>
    public DateOnly? FirstRenewalDate(DateOnly dueDate) =>
        RenewableDaysBeforeDue is { } days ? dueDate.AddDays(-days) : null;
}
