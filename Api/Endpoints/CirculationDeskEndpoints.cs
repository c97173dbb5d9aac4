using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Holds;
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
    /// A scan at the check-in desk of <c>branch</c> (required: where the copy physically is decides whether a reader may
    /// be told it is ready); <c>route</c> tells the desk what to do with the item:
    /// <list type="bullet">
    /// <item>A loaned item is returned (its loan closes, <c>loan</c> and <c>daysOverdue</c> say which and how late) and
    /// goes to the first reader waiting for the title: <c>hold_shelf</c> when their pickup branch is this one (their hold is
    /// ready until <c>pickupBy</c>, counted in open days, and they get one "ready" notice), <c>in_transit</c> to their
    /// pickup branch otherwise (no notice yet). With nobody waiting: <c>shelve</c> at home, or <c>in_transit</c> home.</item>
    /// <item>A copy in transit scanned where it was sent arrives: onto the hold shelf for its hold (with the "ready"
    /// notice), or routed as a return is when its hold ended on the way. Scanned anywhere else it stays in transit and
    /// nothing changes: <c>route</c> names where it goes.</item>
    /// </list>
    /// Refusals change nothing and answer 422 <c>checkin-refused</c> with one reason: <c>no_such_item</c>,
    /// <c>not_on_loan</c> (never lent, already on the shelf or hold shelf, or a repeat scan) or <c>unknown_branch</c>.
    /// </summary>
    private static async Task<Results<Ok<DeskCheckin>, ProblemHttpResult>> CheckInItem(
        DeskCheckinRequest body, HttpContext context, CheckInItem checkIn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Barcode) || string.IsNullOrWhiteSpace(body.Branch))
            return ProblemTypes.Problem("validation", "barcode and branch are required.");
        return await checkIn.HandleAsync(body.Barcode, body.Branch, context.User.StaffId()!.Value, cancellationToken) switch
        {
            CheckinOutcome.CheckedIn done => TypedResults.Ok(new DeskCheckin(done.Loan.Barcode, StaffLoanView.From(done.Loan), done.DaysOverdue, ItemRouteView.From(done.Route))),
            CheckinOutcome.Arrived arrived => TypedResults.Ok(new DeskCheckin(arrived.Item.Barcode, null, 0, ItemRouteView.From(arrived.Route))),
            CheckinOutcome.StillInTransit transit => TypedResults.Ok(new DeskCheckin(transit.Item.Barcode, null, 0,
                new ItemRouteView("in_transit", transit.To.Code, null, null, null))),
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
/// <param name="Branch">The code of the branch whose desk scans it.</param>
public sealed record DeskCheckinRequest(string? Barcode, string? Branch);

/// <summary>A checkout made at the desk.</summary>
/// <param name="CardNumber">The borrower's card number.</param>
/// <param name="PatronName">The borrower's name.</param>
/// <param name="Loan">The new loan with its due date.</param>
public sealed record DeskCheckout(string CardNumber, string PatronName, StaffLoanView Loan);

/// <summary>A scan at the check-in desk: a return, or a copy in transit arriving or passing through.</summary>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Loan">The loan the scan closed; null when the item was in transit.</param>
/// <param name="DaysOverdue">How many days late it came back; 0 when on time.</param>
/// <param name="Route">Where the desk puts the item now.</param>
public sealed record DeskCheckin(string Barcode, StaffLoanView? Loan, int DaysOverdue, ItemRouteView Route);

/// <summary>Where an item goes after a scan.</summary>
/// <param name="Action"><c>hold_shelf</c> (put it on this branch's hold shelf), <c>in_transit</c> (send it to <c>branch</c>), or <c>shelve</c> (back on the open shelves).</param>
/// <param name="Branch">The branch it goes to or stays at.</param>
/// <param name="HoldId">The hold it is for, if any.</param>
/// <param name="CardNumber">The card of the reader it waits for, on the hold shelf.</param>
/// <param name="PickupBy">The last day that reader may collect it.</param>
public sealed record ItemRouteView(string Action, string Branch, long? HoldId, string? CardNumber, DateOnly? PickupBy)
{
    public static ItemRouteView From(ItemRoute route) => route switch
    {
        ItemRoute.ToHoldShelf shelf => new("hold_shelf", shelf.Hold.PickupBranch.Code, shelf.Hold.HoldId, shelf.Hold.CardNumber, shelf.PickupBy),
        ItemRoute.ToTransit transit => new("in_transit", transit.To.Code, transit.Hold?.HoldId, transit.Hold?.CardNumber, null),
        ItemRoute.ToShelf shelf => new("shelve", shelf.Home.Code, null, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };
}

/// <summary>One reason a checkout or check-in was refused.</summary>
/// <param name="Code">Stable code, e.g. <c>too_many_loans</c>.</param>
/// <param name="Parameters">The code's parameters, e.g. <c>open</c> and <c>max</c>.</param>
public sealed record DeskRefusalReason(string Code, IReadOnlyDictionary<string, string> Parameters);
