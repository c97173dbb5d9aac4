using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Holds;

namespace WeChatLib.Api.Endpoints;

/// <summary>Holds as the circulation desk works them (roles: admin, circulation): queues, hold shelves, transits, cancellation.</summary>
public static class StaffHoldEndpoints
{
    public static IEndpointRouteBuilder MapStaffHoldEndpoints(this IEndpointRouteBuilder app)
    {
        var desk = app.MapGroup("/api/v1/staff").WithTags("Staff: holds").RequireStaff(StaffCapability.Holds)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        desk.MapGet("/titles/{titleId:long}/holds", ListTitleHolds).WithName(nameof(ListTitleHolds)).ProducesProblem(StatusCodes.Status404NotFound);
        desk.MapGet("/branches/{code}/hold-shelf", ListHoldShelf).WithName(nameof(ListHoldShelf)).ProducesProblem(StatusCodes.Status404NotFound);
        desk.MapGet("/transits", ListTransits).WithName(nameof(ListTransits));
        desk.MapDelete("/holds/{holdId:long}", CancelHoldByStaff).WithName(nameof(CancelHoldByStaff)).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The title's queue: holds with a copy assigned (in transit, then on the hold shelf) first, then the waiting ones
    /// in the order they were placed, each with its position, the reader's card and name and the pickup branch.
    /// </summary>
    private static async Task<Results<Ok<TitleHoldQueueView>, ProblemHttpResult>> ListTitleHolds(long titleId, HoldDesk desk, CancellationToken cancellationToken) =>
        await desk.QueueAsync(titleId, cancellationToken) is { } queue
            ? TypedResults.Ok(new TitleHoldQueueView(queue.TitleId, queue.Title, queue.Author, queue.Isbn,
                [.. queue.Holds.Select(h => StaffHoldView.From(h, null))]))
            : ProblemTypes.NotFound($"No title has the id {titleId}.");

    /// <summary>
    /// The branch's hold shelf: the copies waiting for readers, earliest pickup deadline first (<c>expired</c> marks those
    /// whose last pickup day has passed: what to clear today; the 15-minute expiry job passes them on), then the copies on
    /// their way to it for a hold. 404 for a branch code the library does not have.
    /// </summary>
    private static async Task<Results<Ok<HoldShelfView>, ProblemHttpResult>> ListHoldShelf(
        string code, HoldDesk desk, LibraryClock clock, CancellationToken cancellationToken)
    {
        if (await desk.ShelfAsync(code, cancellationToken) is not { } holds)
            return ProblemTypes.NotFound($"No branch has the code {code}.");
        var today = clock.Today;
        return TypedResults.Ok(new HoldShelfView(code.Trim().ToLowerInvariant(),
            [.. holds.Where(h => h.Hold.Status == HoldStatus.Ready).Select(h => StaffHoldView.From(h, today))],
            [.. holds.Where(h => h.Hold.Status == HoldStatus.InTransit).Select(h => StaffHoldView.From(h, null))]));
    }

    /// <summary>Copies in transit, longest on the way first: to the branch <c>to</c> names, or all. Each with the hold it travels for, if any.</summary>
    private static async Task<Ok<TransitView[]>> ListTransits(string? to, HoldDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.TransitsAsync(to, cancellationToken)).Select(TransitView.From).ToArray());

    /// <summary>
    /// Cancels any reader's hold, at any point. A copy on the hold shelf or in transit for it moves on at once: to the next
    /// reader in the queue (onto this shelf with their "ready" notice, or in transit to their pickup branch) or home;
    /// <c>itemRoute</c> says where. Cancelling an ended hold changes nothing and answers it as it is. Audited.
    /// </summary>
    private static async Task<Results<Ok<StaffHoldCancellation>, ProblemHttpResult>> CancelHoldByStaff(
        long holdId, HttpContext context, CancelHold cancel, CancellationToken cancellationToken) =>
        await cancel.ByStaffAsync(holdId, context.User.StaffId()!.Value, cancellationToken) switch
        {
            HoldCancellation.Cancelled done => TypedResults.Ok(new StaffHoldCancellation(done.Hold.Id, done.Hold.Status, done.Hold.EndReason,
                done.ItemRoute is { } route ? ItemRouteView.From(route) : null)),
            HoldCancellation.AlreadyEnded ended => TypedResults.Ok(new StaffHoldCancellation(ended.Hold.Id, ended.Hold.Status, ended.Hold.EndReason, null)),
            _ => ProblemTypes.NotFound($"No hold has the id {holdId}."),
        };
}

/// <summary>A title's holds for staff.</summary>
/// <param name="TitleId">The title's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Author">Its author.</param>
/// <param name="Isbn">Its ISBN-13.</param>
/// <param name="Holds">Copies assigned first (in transit, ready), then the waiting holds in queue order.</param>
public sealed record TitleHoldQueueView(long TitleId, string Title, string Author, string Isbn, StaffHoldView[] Holds);

/// <summary>A branch's hold shelf.</summary>
/// <param name="Branch">The branch's code.</param>
/// <param name="Ready">Copies on the shelf, earliest pickup deadline first.</param>
/// <param name="InTransit">Holds whose copy is on its way here.</param>
public sealed record HoldShelfView(string Branch, StaffHoldView[] Ready, StaffHoldView[] InTransit);

/// <summary>One hold as staff see it.</summary>
/// <param name="Id">The hold's id.</param>
/// <param name="TitleId">The title held.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status"><c>waiting</c>, <c>in_transit</c>, <c>ready</c>, <c>fulfilled</c>, <c>cancelled</c> or <c>expired</c>.</param>
/// <param name="Position">Place in the queue while waiting (1 is next); null otherwise.</param>
/// <param name="CardNumber">The reader's card number.</param>
/// <param name="PatronName">The reader's name.</param>
/// <param name="PickupBranch">The code of the branch where the reader collects it.</param>
/// <param name="PlacedAt">When the hold was placed.</param>
/// <param name="NotNeededAfter">The reader's last day of interest; null: no limit.</param>
/// <param name="ItemBarcode">The copy assigned (in transit or on the shelf).</param>
/// <param name="ReadyAt">When the copy went onto the hold shelf.</param>
/// <param name="PickupBy">The last open day to collect it.</param>
/// <param name="Expired">On a hold shelf list: the pickup day has passed and the copy is to be cleared. Null elsewhere.</param>
public sealed record StaffHoldView(
    long Id, long TitleId, string Title, string Status, int? Position, string CardNumber, string PatronName, string PickupBranch,
    DateTimeOffset PlacedAt, DateOnly? NotNeededAfter, string? ItemBarcode, DateTimeOffset? ReadyAt, DateOnly? PickupBy, bool? Expired)
{
    /// <summary>The hold for staff; given <paramref name="today"/> (a hold shelf), marks those past their pickup day.</summary>
    public static StaffHoldView From(StaffHold staffHold, DateOnly? today)
    {
        var hold = staffHold.Hold;
        return new(hold.Id, hold.TitleId, hold.Title, hold.Status, hold.Position, staffHold.CardNumber, staffHold.PatronName, hold.PickupBranch.Code,
            hold.PlacedAt, hold.NotNeededAfter, hold.ItemBarcode, hold.ReadyAt, hold.PickupBy,
            today is { } day ? hold.PickupBy < day : null);
    }
}

/// <summary>A copy on its way between branches.</summary>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">Its title.</param>
/// <param name="To">The code of the branch it is sent to.</param>
/// <param name="Home">The code of its home branch.</param>
/// <param name="Since">When it was sent.</param>
/// <param name="Hold">The hold it travels for; null when it goes home.</param>
public sealed record TransitView(string Barcode, string Title, string To, string Home, DateTimeOffset Since, StaffHoldView? Hold)
{
    public static TransitView From(TransitItem item) => new(item.Barcode, item.Title, item.To.Code, item.Home.Code, item.Since,
        item.Hold is { } hold ? StaffHoldView.From(hold, null) : null);
}

/// <summary>A hold staff cancelled.</summary>
/// <param name="Id">The hold's id.</param>
/// <param name="Status">Its status now: <c>cancelled</c>, or how it had ended before.</param>
/// <param name="EndReason">Why it ended, e.g. <c>cancelled_by_staff</c>.</param>
/// <param name="ItemRoute">Where the copy it had goes now; null when it had none or had ended before.</param>
public sealed record StaffHoldCancellation(long Id, string Status, string? EndReason, ItemRouteView? ItemRoute);
