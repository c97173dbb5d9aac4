using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>Staff's view of a patron's loans and renewals on a patron's behalf (roles: admin, circulation).</summary>
public static class StaffLoanEndpoints
{
    public static IEndpointRouteBuilder MapStaffLoanEndpoints(this IEndpointRouteBuilder app)
    {
        var loans = app.MapGroup("/api/v1/staff").WithTags("Staff: loans").RequireStaff(StaffCapability.Loans)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        loans.MapGet("/patrons/{cardNumber}/loans", ListPatronLoans).WithName(nameof(ListPatronLoans))
            .ProducesProblem(StatusCodes.Status404NotFound);
        loans.MapGet("/patrons/{cardNumber}/loan-history", ListPatronLoanHistory).WithName(nameof(ListPatronLoanHistory))
            .ProducesProblem(StatusCodes.Status404NotFound);

        var renewals = app.MapGroup("/api/v1/staff").WithTags("Staff: loans").RequireStaff(StaffCapability.RenewalOverrides)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        renewals.MapPost("/loans/{loanId:long}/renewal", RenewPatronLoan).WithName(nameof(RenewPatronLoan)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// The patron's open loans, most urgent first, each with its renewal preflight: renewable and to which date, or every
    /// reason it is not, saying which reasons staff may override with a comment.
    /// </summary>
    private static async Task<Results<Ok<StaffPatronLoans>, ProblemHttpResult>> ListPatronLoans(
        string cardNumber, ListPatronLoans list, CancellationToken cancellationToken) =>
        await list.HandleAsync(cardNumber, cancellationToken) is { } found
            ? TypedResults.Ok(StaffPatronLoans.From(found))
            : ProblemTypes.NotFound($"No patron has card number {cardNumber}.");

    /// <summary>
    /// The patron's loans, open and returned, newest checkout first, each with its renewals. Pass the answer's
    /// <c>nextBefore</c> as <c>before</c> for the next page; <c>limit</c> is 1–100 (default 20).
    /// </summary>
    private static async Task<Results<Ok<StaffLoanHistory>, ProblemHttpResult>> ListPatronLoanHistory(
        string cardNumber, long? before, int? limit, ListLoanHistory history, CancellationToken cancellationToken) =>
        await history.HandleAsync(cardNumber, before, limit, cancellationToken) is { } found
            ? TypedResults.Ok(new StaffLoanHistory(found.Reader.CardNumber, [.. found.Loans.Select(StaffLoanRecord.From)], found.NextBefore))
            : ProblemTypes.NotFound($"No patron has card number {cardNumber}.");

    /// <summary>
    /// Renews the loan for its borrower. With a non-blank <c>comment</c>, staff override the count, too-soon and overdue
    /// rules; never a hold, a recall or the borrower's standing. A refusal (422) lists every reason with its parameters and
    /// whether staff may override it; the renewal record keeps the overridden reasons and the comment.
    /// </summary>
    private static async Task<Results<Ok<StaffRenewal>, ProblemHttpResult>> RenewPatronLoan(
        long loanId, StaffRenewalRequest? body, HttpContext context, RenewLoanForPatron renew, CancellationToken cancellationToken) =>
        await renew.HandleAsync(context.User.StaffId()!.Value, loanId, body?.Comment, cancellationToken) switch
        {
            RenewalOutcome.Renewed renewed => TypedResults.Ok(new StaffRenewal(
                StaffLoanView.From(renewed.Loan), IsoDate.Format(renewed.OldDueOn), [.. renewed.Overridden.Select(r => r.Code)],
                renewed.Overridden.Count > 0 ? RenewalOverride.From(body?.Comment)?.Comment : null)),
            RenewalOutcome.Refused refused => RenewalRefused(refused.Reasons, body?.Comment),
            _ => ProblemTypes.NotFound($"No loan has id {loanId}."),
        };

    private static ProblemHttpResult RenewalRefused(IReadOnlyList<RenewalRefusal> reasons, string? comment)
    {
        var overridable = reasons.Where(r => r.StaffMayOverride).Select(r => r.Code).ToList();
        var detail = $"Not renewed: {string.Join(", ", reasons.Select(r => r.Code))}.";
        if (overridable.Count == reasons.Count && RenewalOverride.From(comment) is null)
            detail += $" Staff may override {string.Join(", ", overridable)} with a comment.";
        return ProblemTypes.Problem("renewal-refused", detail,
            new Dictionary<string, object?> { ["reasons"] = RefusalView.All(reasons, Language.Zh) });
    }
}

/// <param name="Comment">Why staff renew despite the count, too-soon or overdue rules; required to override them.</param>
public sealed record StaffRenewalRequest(string? Comment);

/// <summary>A renewal made by staff.</summary>
/// <param name="Loan">The loan with its new due date.</param>
/// <param name="OldDueOn">The due date before the renewal, <c>YYYY-MM-DD</c>.</param>
/// <param name="Overridden">The reasons the comment overrode (e.g. <c>too_many</c>); empty for a plain renewal.</param>
/// <param name="Comment">The comment kept with an override; null for a plain renewal.</param>
public sealed record StaffRenewal(StaffLoanView Loan, string OldDueOn, string[] Overridden, string? Comment);

/// <summary>A loan as staff see it.</summary>
/// <param name="Id">The loan's id.</param>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">The title.</param>
/// <param name="Author">The author.</param>
/// <param name="CallNumber">The item's call number.</param>
/// <param name="Branch">The item's home branch code.</param>
/// <param name="ItemType">The item type code, e.g. <c>book</c>.</param>
/// <param name="LoanedOn">Checkout date, <c>YYYY-MM-DD</c>.</param>
/// <param name="DueOn">Due date, <c>YYYY-MM-DD</c>.</param>
/// <param name="RenewalCount">Renewals so far.</param>
/// <param name="Recalled">Whether the library has recalled the item.</param>
/// <param name="ReturnedAt">When it was checked in; null while on loan.</param>
public sealed record StaffLoanView(
    long Id, string Barcode, string Title, string Author, string CallNumber, string Branch, string ItemType,
    string LoanedOn, string DueOn, int RenewalCount, bool Recalled, DateTimeOffset? ReturnedAt)
{
    public static StaffLoanView From(Loan loan) => new(loan.Id, loan.Barcode, loan.Title, loan.Author, loan.CallNumber, loan.BranchCode,
        loan.ItemType, IsoDate.Format(loan.LoanedOn), IsoDate.Format(loan.DueOn), loan.RenewalCount, loan.Recalled, loan.ReturnedAt);
}

/// <summary>A patron's open loans with the renewal preflight of each.</summary>
/// <param name="CardNumber">The patron's card number.</param>
/// <param name="Name">The patron's name.</param>
/// <param name="Group">Patron group code.</param>
/// <param name="Standing"><c>good</c>, <c>restricted</c> or <c>expired</c>, as of today.</param>
/// <param name="RestrictionReason">Why borrowing is restricted, when it is.</param>
/// <param name="ExpiresOn">Card expiry date, <c>YYYY-MM-DD</c>.</param>
/// <param name="Loans">Open loans, overdue first, then by due date.</param>
public sealed record StaffPatronLoans(
    string CardNumber, string Name, string Group, string Standing, string? RestrictionReason, string ExpiresOn, StaffLoanPreflight[] Loans)
{
    public static StaffPatronLoans From(MyLoans found) => new(
        found.Reader.CardNumber, found.Reader.Name, found.Reader.Group.Code(),
        found.Access switch
        {
            ReaderAccess.Allowed => "good",
            ReaderAccess.Restricted => "restricted",
            _ => "expired",
        },
        found.Reader.RestrictionReason, IsoDate.Format(found.Reader.ExpiresOn), [.. found.Loans.Select(StaffLoanPreflight.From)]);
}

/// <summary>An open loan and whether it may be renewed now.</summary>
/// <param name="Loan">The loan.</param>
/// <param name="DaysLeft">Days until due; negative when overdue.</param>
/// <param name="RenewalsLeft">Renewals the policy still allows; null when no policy applies.</param>
/// <param name="Renewal">Whether a renewal now would succeed without an override, and every reason it would not.</param>
public sealed record StaffLoanPreflight(StaffLoanView Loan, int DaysLeft, int? RenewalsLeft, RenewalPreflightView Renewal)
{
    public static StaffLoanPreflight From(LoanPreflight loan) =>
        new(StaffLoanView.From(loan.Loan), loan.DaysLeft, loan.RenewalsLeft, RenewalPreflightView.From(loan.Preflight, Language.Zh));
}

/// <summary>A page of a patron's loan history.</summary>
/// <param name="CardNumber">The patron's card number.</param>
/// <param name="Loans">Loans, open and returned, newest checkout first.</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next page; null on the last page.</param>
public sealed record StaffLoanHistory(string CardNumber, StaffLoanRecord[] Loans, long? NextBefore);

/// <summary>A loan on record.</summary>
/// <param name="Loan">The loan.</param>
/// <param name="CheckedOutAt">When it was checked out.</param>
/// <param name="CheckedOutBy">Who checked it out: <c>staff:ID</c> or <c>system</c> (an import).</param>
/// <param name="ReturnedBy">Who checked it in; null while on loan.</param>
/// <param name="Renewals">Every renewal, oldest first.</param>
public sealed record StaffLoanRecord(StaffLoanView Loan, DateTimeOffset CheckedOutAt, string CheckedOutBy, string? ReturnedBy, StaffRenewalRecord[] Renewals)
{
    public static StaffLoanRecord From(LoanOnRecord loan) => new(StaffLoanView.From(loan.Loan), loan.CheckedOutAt, loan.CheckedOutBy, loan.ReturnedBy,
        [.. loan.Renewals.Select(r => new StaffRenewalRecord(r.RenewedAt, r.Actor, r.Channel.ToString().ToLowerInvariant(),
            IsoDate.Format(r.OldDueOn), IsoDate.Format(r.NewDueOn), [.. r.Overridden], r.OverrideComment))]);
}

/// <summary>A renewal on record.</summary>
/// <param name="RenewedAt">When.</param>
/// <param name="Actor">Who: <c>patron:ID</c> or <c>staff:ID</c>.</param>
/// <param name="Channel"><c>menu</c>, <c>chat</c>, <c>h5</c> or <c>staff</c>.</param>
/// <param name="OldDueOn">Due date before, <c>YYYY-MM-DD</c>.</param>
/// <param name="NewDueOn">Due date after, <c>YYYY-MM-DD</c>.</param>
/// <param name="Overridden">The reasons staff overrode; empty for a plain renewal.</param>
/// <param name="OverrideComment">Staff's comment for an override.</param>
public sealed record StaffRenewalRecord(
    DateTimeOffset RenewedAt, string Actor, string Channel, string OldDueOn, string NewDueOn, string[] Overridden, string? OverrideComment);
