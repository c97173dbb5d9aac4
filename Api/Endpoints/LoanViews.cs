using System.Globalization;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Common;

namespace WeChatLib.Api.Endpoints;

/// <summary>A loan with its renewal preflight: may it be renewed now, to which date, or every reason it may not.</summary>
/// <param name="Id">Loan id, used to renew it.</param>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">Title of the book.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="CallNumber">Call number, possibly empty.</param>
/// <param name="Branch">Code of the item's home branch.</param>
/// <param name="ItemType">Item type code, e.g. <c>book</c>.</param>
/// <param name="LoanedOn">Checkout date, <c>YYYY-MM-DD</c>.</param>
/// <param name="DueOn">Due date, <c>YYYY-MM-DD</c>.</param>
/// <param name="DaysLeft">Days until due in the library's calendar; negative when overdue.</param>
/// <param name="RenewalCount">Renewals so far.</param>
/// <param name="RenewalsLeft">Renewals the policy still allows; null when no policy applies.</param>
/// <param name="Renewal">Whether it may be renewed now.</param>
public sealed record LoanView(
    long Id, string Barcode, string Title, string Author, string CallNumber, string Branch, string ItemType, string LoanedOn,
    string DueOn, int DaysLeft, int RenewalCount, int? RenewalsLeft, RenewalPreflightView Renewal)
{
    public static LoanView From(LoanPreflight loan, Language language) => new(
        loan.Loan.Id, loan.Loan.Barcode, loan.Loan.Title, loan.Loan.Author, loan.Loan.CallNumber, loan.Loan.BranchCode, loan.Loan.ItemType,
        IsoDate.Format(loan.Loan.LoanedOn), IsoDate.Format(loan.Loan.DueOn), loan.DaysLeft, loan.Loan.RenewalCount, loan.RenewalsLeft,
        RenewalPreflightView.From(loan.Preflight, language));
}

/// <param name="Allowed">True when a renewal now would succeed.</param>
/// <param name="NewDueOn">The due date a renewal now would give, <c>YYYY-MM-DD</c>; null when not allowed.</param>
/// <param name="Reasons">Every reason a renewal is refused; empty when allowed.</param>
public sealed record RenewalPreflightView(bool Allowed, string? NewDueOn, RefusalView[] Reasons)
{
    public static RenewalPreflightView From(RenewalDecision decision, Language language) => decision switch
    {
        RenewalDecision.Renewable renewable => new(true, IsoDate.Format(renewable.NewDueDate), []),
        RenewalDecision.Refused refused => new(false, null, RefusalView.All(refused.Reasons, language)),
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };
}

/// <summary>One reason a renewal is refused.</summary>
/// <param name="Code">Stable code: <c>too_many</c>, <c>too_soon</c>, <c>on_hold</c>, <c>recalled</c>, <c>patron_restricted</c>,
/// <c>patron_expired</c>, <c>overdue_not_renewable</c>, <c>item_type_not_renewable</c>, <c>would_not_change_due_date</c>,
/// <c>not_your_loan</c> or <c>already_returned</c>.</param>
/// <param name="Parameters">The code's parameters, e.g. <c>used</c> and <c>max</c> for <c>too_many</c>; dates as <c>YYYY-MM-DD</c>.</param>
/// <param name="Message">A short explanation in the reader's language.</param>
/// <param name="StaffMayOverride">Whether staff may renew despite it, with a comment.</param>
public sealed record RefusalView(string Code, IReadOnlyDictionary<string, string> Parameters, string Message, bool StaffMayOverride)
{
    public static RefusalView[] All(IEnumerable<RenewalRefusal> reasons, Language language) =>
        [.. reasons.Select(r => new RefusalView(r.Code, r.Parameters, RenewalRefusalText.For(r, language), r.StaffMayOverride))];
}

/// <summary>A renewal that was made.</summary>
/// <param name="LoanId">Loan id.</param>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">Title of the book.</param>
/// <param name="OldDueOn">Due date before the renewal, <c>YYYY-MM-DD</c>.</param>
/// <param name="DueOn">The new due date, <c>YYYY-MM-DD</c>.</param>
/// <param name="RenewalCount">Renewals so far, this one included.</param>
/// <param name="Overridden">Refusal codes staff lifted; empty for a plain renewal.</param>
public sealed record RenewalView(long LoanId, string Barcode, string Title, string OldDueOn, string DueOn, int RenewalCount, string[] Overridden)
{
    public static RenewalView From(RenewalOutcome.Renewed renewed) => new(
        renewed.Loan.Id, renewed.Loan.Barcode, renewed.Loan.Title, IsoDate.Format(renewed.OldDueOn), IsoDate.Format(renewed.Loan.DueOn),
        renewed.Loan.RenewalCount, [.. renewed.Overridden.Select(r => r.Code)]);
}

