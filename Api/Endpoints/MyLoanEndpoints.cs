using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Common;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// The signed-in reader's loans and renewals, for the H5 pages. The reader is the token's patron; the use cases check
/// their standing, so a restricted or expired reader sees their loans and why they cannot renew.
/// </summary>
public static class MyLoanEndpoints
{
    public static IEndpointRouteBuilder MapMyLoanEndpoints(this IEndpointRouteBuilder app)
    {
        var loans = app.MapGroup("/api/v1/me/loans").WithTags("Me: loans").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        loans.MapGet("/", GetMyLoans).WithName(nameof(GetMyLoans));
        loans.MapGet("/{loanId:long}/renewal", PreviewMyRenewal).WithName(nameof(PreviewMyRenewal))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        loans.MapPost("/{loanId:long}/renewal", RenewMyLoan).WithName(nameof(RenewMyLoan)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        loans.MapPost("/renewals", RenewAllMyLoans).WithName(nameof(RenewAllMyLoans)).Idempotent()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The reader's open loans, most urgent first, each with whether it may be renewed now and why not.</summary>
    private static async Task<Results<Ok<MyLoansView>, ProblemHttpResult>> GetMyLoans(
        HttpContext context, ListMyLoans list, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await list.HandleAsync(reader, cancellationToken) is not { } mine)
            return ProblemTypes.Problem("invalid-token");
        var language = mine.Reader.PreferredLanguage;
        var (standing, reason) = mine.Access switch
        {
            ReaderAccess.Restricted restricted => ("restricted", restricted.Reason),
            ReaderAccess.Expired => ("expired", null),
            _ => ("good", (string?)null),
        };
        return TypedResults.Ok(new MyLoansView(standing, reason, [.. mine.Loans.Select(l => LoanView.From(l, language))]));
    }

    /// <summary>
    /// Whether one loan may be renewed now: 200 with the due date a renewal would give, or 422 <c>renewal-refused</c>
    /// with every reason. Changes nothing.
    /// </summary>
    private static async Task<Results<Ok<RenewalView>, ProblemHttpResult>> PreviewMyRenewal(
        long loanId, HttpContext context, PreviewRenewal preview, CancellationToken cancellationToken) =>
        Answer(Reader(context) is { } reader ? await preview.HandleAsync(reader, loanId, cancellationToken) : null);

    /// <summary>
    /// Renews one loan. 200 with the new due date, or 422 <c>renewal-refused</c> with every reason (each a stable
    /// <c>code</c> with its <c>parameters</c> and a <c>message</c> in the reader's language).
    /// </summary>
    private static async Task<Results<Ok<RenewalView>, ProblemHttpResult>> RenewMyLoan(
        long loanId, HttpContext context, RenewLoan renew, CancellationToken cancellationToken) =>
        Answer(Reader(context) is { } reader ? await renew.HandleAsync(reader, new LoanRef.Id(loanId), RenewalChannel.H5, cancellationToken) : null);

    /// <summary>Renews every loan that may be renewed, and says why each other one was not.</summary>
    private static async Task<Results<Ok<RenewAllView>, ProblemHttpResult>> RenewAllMyLoans(
        HttpContext context, RenewAllLoans renewAll, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await renewAll.HandleAsync(reader, RenewalChannel.H5, cancellationToken) is not { } summary)
            return ProblemTypes.Problem("invalid-token");
        var language = summary.Reader.PreferredLanguage;
        return TypedResults.Ok(new RenewAllView(
            [.. summary.Renewed.Select(RenewalView.From)],
            [.. summary.NotRenewed.Select(r => new NotRenewedView(r.Loan!.Id, r.Loan.Title, IsoDate.Format(r.Loan.DueOn),
                RefusalView.All(r.Reasons, language)))]));
    }

    private static ReaderRef.Patron? Reader(HttpContext context) => context.User.PatronId() is { } id ? new ReaderRef.Patron(id) : null;

    private static Results<Ok<RenewalView>, ProblemHttpResult> Answer(RenewalOutcome? outcome) =>
        outcome switch
        {
            RenewalOutcome.Renewed renewed => TypedResults.Ok(RenewalView.From(renewed)),
            RenewalOutcome.Refused refused => RenewalRefused(refused),
            RenewalOutcome.NoSuchLoan => ProblemTypes.NotFound("No such loan."),
            _ => ProblemTypes.Problem("invalid-token"),
        };

    /// <summary>422 <c>renewal-refused</c>: every reason, each with its code, parameters and a message in the reader's language.</summary>
    public static ProblemHttpResult RenewalRefused(RenewalOutcome.Refused refused)
    {
        var language = refused.Language;
        var reasons = RefusalView.All(refused.Reasons, language);
        return ProblemTypes.Problem("renewal-refused", string.Join(language == Language.En ? "; " : "；", reasons.Select(r => r.Message)),
            new Dictionary<string, object?> { ["reasons"] = reasons });
    }
}

/// <param name="Standing"><c>good</c>, <c>restricted</c> or <c>expired</c>, as of today.</param>
/// <param name="RestrictionReason">Why borrowing is restricted, when it is.</param>
/// <param name="Loans">Open loans, most urgent first.</param>
public sealed record MyLoansView(string Standing, string? RestrictionReason, LoanView[] Loans);

/// <param name="Renewed">The loans renewed, with their new due dates.</param>
/// <param name="NotRenewed">The loans not renewed, each with every reason.</param>
public sealed record RenewAllView(RenewalView[] Renewed, NotRenewedView[] NotRenewed);

/// <param name="LoanId">Loan id.</param>
/// <param name="Title">Title of the book.</param>
/// <param name="DueOn">Its due date, unchanged, <c>YYYY-MM-DD</c>.</param>
/// <param name="Reasons">Every reason it was not renewed.</param>
public sealed record NotRenewedView(long LoanId, string Title, string DueOn, RefusalView[] Reasons);
