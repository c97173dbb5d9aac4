using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Checkout and check-in of single items at the circulation desk (roles: admin, circulation): how the library's staff
/// or its ILS feed the service until a live connector exists.
/// </summary>
public static class CirculationDeskEndpoints
{
    public static IEndpointRouteBuilder MapCirculationDeskEndpoints(this IEndpointRouteBuilder app)
    {
        var desk = app.MapGroup("/api/v1/staff").WithTags("Staff: circulation desk").RequireStaff(StaffCapability.Loans)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPost("/checkouts", CheckOutItem).WithName(nameof(CheckOutItem)).Idempotent().ProducesProblem(StatusCodes.Status404NotFound);
        desk.MapPost("/checkins", CheckInItem).WithName(nameof(CheckInItem)).Idempotent();
        return app;
    }

    /// <summary>
    /// Lends the item to the patron, due at the end of the loan period for the patron's group and the item's type (moved
    /// off closed days of the item's branch, never after the card expires). A refusal (422, <c>checkout-refused</c>) lists
    /// every reason: <c>no_such_item</c>, <c>item_not_available</c>, <c>patron_restricted</c>, <c>patron_expired</c>,
    /// <c>no_policy</c>, <c>too_many_loans</c>, <c>on_hold_for_another_reader</c>.
    /// </summary>
    private static async Task<Results<Ok<DeskCheckout>, ProblemHttpResult>> CheckOutItem(
        DeskCheckoutRequest body, HttpContext context, CheckOutItem checkOut, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.CardNumber) || string.IsNullOrWhiteSpace(body.Barcode))
            return ProblemTypes.Problem("validation", "cardNumber and barcode are required.");
        return await checkOut.HandleAsync(body.CardNumber, body.Barcode, context.User.StaffId()!.Value, cancellationToken) switch
        {
            CheckoutOutcome.CheckedOut done => TypedResults.Ok(new DeskCheckout(done.Reader.CardNumber, done.Reader.Name, StaffLoanView.From(done.Loan))),
            CheckoutOutcome.Refused refused => ProblemTypes.Problem("checkout-refused",
                $"Not checked out: {string.Join(", ", refused.Reasons.Select(r => r.Code))}.",
                new Dictionary<string, object?> { ["reasons"] = refused.Reasons.Select(r => new DeskRefusalReason(r.Code, r.Parameters)).ToArray() }),
            _ => ProblemTypes.NotFound($"No patron has card number {body.CardNumber}."),
        };
    }

    /// <summary>
    /// Takes the item back: its open loan closes and the item is available again. An item with no open loan (never
    /// lent, or a repeat scan) changes nothing and answers 422 <c>checkin-refused</c> with <c>not_on_loan</c>.
    /// </summary>
    private static async Task<Results<Ok<DeskCheckin>, ProblemHttpResult>> CheckInItem(
        DeskCheckinRequest body, HttpContext context, CheckInItem checkIn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Barcode))
            return ProblemTypes.Problem("validation", "barcode is required.");
        return await checkIn.HandleAsync(body.Barcode, context.User.StaffId()!.Value, cancellationToken) switch
        {
            CheckinOutcome.CheckedIn done => TypedResults.Ok(new DeskCheckin(StaffLoanView.From(done.Loan), done.DaysOverdue)),
            CheckinOutcome.Refused refused => ProblemTypes.Problem("checkin-refused", $"Not checked in: {refused.Reason.Code}.",
                new Dictionary<string, object?> { ["reasons"] = new[] { new DeskRefusalReason(refused.Reason.Code, refused.Reason.Parameters) } }),
            _ => throw new InvalidOperationException("Unknown check-in outcome."),
        };
    }
}

/// <param name="CardNumber">The borrower's library card number.</param>
/// <param name="Barcode">The item's barcode.</param>
public sealed record DeskCheckoutRequest(string? CardNumber, string? Barcode);

/// <param name="Barcode">The item's barcode.</param>
public sealed record DeskCheckinRequest(string? Barcode);

/// <summary>A checkout made at the desk.</summary>
/// <param name="CardNumber">The borrower's card number.</param>
/// <param name="PatronName">The borrower's name.</param>
/// <param name="Loan">The new loan with its due date.</param>
public sealed record DeskCheckout(string CardNumber, string PatronName, StaffLoanView Loan);

/// <summary>A check-in made at the desk.</summary>
/// <param name="Loan">The closed loan.</param>
/// <param name="DaysOverdue">How many days late it came back; 0 when on time.</param>
public sealed record DeskCheckin(StaffLoanView Loan, int DaysOverdue);

/// <summary>One reason a checkout or check-in was refused.</summary>
/// <param name="Code">Stable code, e.g. <c>too_many_loans</c>.</param>
/// <param name="Parameters">The code's parameters, e.g. <c>open</c> and <c>max</c>.</param>
public sealed record DeskRefusalReason(string Code, IReadOnlyDictionary<string, string> Parameters);
