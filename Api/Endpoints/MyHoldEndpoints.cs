using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// The signed-in reader's holds (预约), for the H5 pages. The reader is the token's patron. As with loans, the use cases
/// check their standing: a restricted or expired reader still sees and cancels their holds, and is told why a new one
/// is refused.
/// </summary>
public static class MyHoldEndpoints
{
    public static IEndpointRouteBuilder MapMyHoldEndpoints(this IEndpointRouteBuilder app)
    {
        var holds = app.MapGroup("/api/v1/me/holds").WithTags("Me: holds").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        holds.MapGet("/", GetMyHolds).WithName(nameof(GetMyHolds));
        holds.MapGet("/{holdId:long}", GetMyHold).WithName(nameof(GetMyHold)).ProducesProblem(StatusCodes.Status404NotFound);
        holds.MapPost("/", PlaceMyHold).WithName(nameof(PlaceMyHold)).Idempotent()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        holds.MapDelete("/{holdId:long}", CancelMyHold).WithName(nameof(CancelMyHold))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The reader's open holds, ready ones first, each with its place in the queue while waiting; then those ended in the last 30 days.</summary>
    private static async Task<Results<Ok<MyHoldsView>, ProblemHttpResult>> GetMyHolds(
        HttpContext context, ListMyHolds list, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await list.HandleAsync(reader, cancellationToken) is not { } mine)
            return ProblemTypes.Problem("invalid-token");
        return TypedResults.Ok(new MyHoldsView([.. mine.Holds.Select(h => HoldView.From(h, mine.Reader.PreferredLanguage))]));
    }

    /// <summary>One of the reader's holds (open, or ended in the last 30 days); 404 for any other id.</summary>
    private static async Task<Results<Ok<HoldView>, ProblemHttpResult>> GetMyHold(
        long holdId, HttpContext context, ListMyHolds list, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await list.HandleAsync(reader, cancellationToken) is not { } mine)
            return ProblemTypes.Problem("invalid-token");
        return mine.Holds.FirstOrDefault(h => h.Id == holdId) is { } hold
            ? TypedResults.Ok(HoldView.From(hold, mine.Reader.PreferredLanguage))
            : ProblemTypes.NotFound("No such hold.");
    }

    /// <summary>
    /// Places a hold on a title whose copies are all out: 201 with its place in the queue, its pickup branch and whether
    /// it recalled a copy from its borrower. 422 <c>hold-refused</c> with every reason (each a stable <c>code</c> with
    /// its <c>parameters</c> and a <c>message</c> in the reader's language); 422 <c>validation</c> unless exactly one of
    /// <c>titleId</c> and <c>isbn</c> is given and <c>notNeededAfter</c> is a date.
    /// </summary>
    private static async Task<Results<Created<PlacedHoldView>, ProblemHttpResult>> PlaceMyHold(
        PlaceHoldRequest request, HttpContext context, PlaceHold place, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TitleRef? title = null;
        if ((request.TitleId is null) == string.IsNullOrWhiteSpace(request.Isbn))
            errors["titleId"] = ["give exactly one of titleId and isbn"];
        else if (request.TitleId is { } id)
            title = new TitleRef.Id(id);
        else if (Isbn.Normalize(request.Isbn) is { } isbn)
            title = new TitleRef.Isbn(isbn);
        else
            errors["isbn"] = ["must be a valid ISBN-10 or ISBN-13"];
        DateOnly? notNeededAfter = null;
        if (!string.IsNullOrWhiteSpace(request.NotNeededAfter))
        {
            if (DateOnly.TryParseExact(request.NotNeededAfter.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                notNeededAfter = date;
            else
                errors["notNeededAfter"] = ["must be a date, YYYY-MM-DD"];
        }
        if (errors.Count > 0 || title is null)
            return ProblemTypes.Problem("validation", string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")),
                new Dictionary<string, object?> { ["errors"] = errors });
        if (Reader(context) is not { } reader)
            return ProblemTypes.Problem("invalid-token");

        return await place.HandleAsync(reader, title, request.PickupBranch, notNeededAfter, cancellationToken) switch
        {
            HoldPlacement.Placed placed => TypedResults.Created($"/api/v1/me/holds/{placed.HoldId}", new PlacedHoldView(
                placed.HoldId, placed.Title, placed.Position, PickupBranchView.From(placed.PickupBranch, placed.Language), placed.RecalledACopy)),
            HoldPlacement.Refused refused => HoldRefused(refused),
            _ => ProblemTypes.Problem("invalid-token"),
        };
    }

    /// <summary>
    /// Cancels one of the reader's holds at any point; a copy on its way or on the shelf for it moves on to the next
    /// reader at once. 204 when cancelled; 404 for a hold that does not exist or is another reader's; 409 <c>conflict</c>
    /// with its <c>holdStatus</c> for a hold that had already ended (cancelled, fulfilled or expired), which changes nothing.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CancelMyHold(
        long holdId, HttpContext context, CancelHold cancel, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader)
            return ProblemTypes.Problem("invalid-token");
        return await cancel.ByReaderAsync(reader, holdId, cancellationToken) switch
        {
            HoldCancellation.Cancelled => TypedResults.NoContent(),
            HoldCancellation.AlreadyEnded ended => ProblemTypes.Problem("conflict", $"The hold has already ended ({ended.Hold.Status}).",
                new Dictionary<string, object?> { ["holdStatus"] = ended.Hold.Status }),
            _ => ProblemTypes.NotFound("No such hold."),
        };
    }

    private static ReaderRef.Patron? Reader(HttpContext context) => context.User.PatronId() is { } id ? new ReaderRef.Patron(id) : null;

    /// <summary>422 <c>hold-refused</c>: every reason, each with its code, parameters and a message in the reader's language.</summary>
    private static ProblemHttpResult HoldRefused(HoldPlacement.Refused refused)
    {
        var reasons = HoldRefusalView.All(refused.Reasons, refused.Language);
        return ProblemTypes.Problem("hold-refused", string.Join(refused.Language == Language.En ? "; " : "；", reasons.Select(r => r.Message)),
            new Dictionary<string, object?> { ["reasons"] = reasons });
    }
}
