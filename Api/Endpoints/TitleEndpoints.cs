using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Common;

namespace WeChatLib.Api.Endpoints;

/// <summary>The catalogue as readers see it: public, like the branches' hours.</summary>
public static class TitleEndpoints
{
    public static IEndpointRouteBuilder MapTitleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/titles").WithTags("Catalogue")
            .MapGet("/{isbn}", GetTitle).WithName(nameof(GetTitle)).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// A title by ISBN (10 or 13 digits, hyphens allowed) with each copy's branch, location, call number and status
    /// (<c>available</c>, <c>on_loan</c> with its due date, <c>in_transit</c>, <c>on_hold_shelf</c>, <c>lost</c>).
    /// Who has a copy is never shown.
    /// </summary>
    private static async Task<Results<Ok<TitleView>, ProblemHttpResult>> GetTitle(
        string isbn, GetTitleAvailability availability, CancellationToken cancellationToken) =>
        await availability.HandleAsync(isbn, cancellationToken) is { } title
            ? TypedResults.Ok(TitleView.From(title))
            : ProblemTypes.NotFound($"The catalogue has no title with ISBN {isbn}.");
}

/// <param name="Isbn">ISBN-13.</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="Publisher">Publisher, possibly empty.</param>
/// <param name="Year">Year of publication.</param>
/// <param name="ClcClass">Chinese Library Classification number, e.g. <c>I247.5</c>.</param>
/// <param name="Available">Copies on the shelf now.</param>
/// <param name="Copies">Every copy that circulates.</param>
public sealed record TitleView(string Isbn, string Title, string Author, string Publisher, int? Year, string ClcClass, int Available, CopyView[] Copies)
{
    public static TitleView From(TitleAvailability title) => new(title.Isbn, title.Title, title.Author, title.Publisher, title.Year,
        title.ClcClass, title.AvailableCount,
        [.. title.Copies.Select(c => new CopyView(c.Barcode, c.BranchCode, c.Location, c.CallNumber, c.ItemType, c.Status,
            c.DueOn is { } due ? IsoDate.Format(due) : null))]);
}

/// <param name="Barcode">The copy's barcode.</param>
/// <param name="Branch">Code of its home branch.</param>
/// <param name="Location">Where in the branch, e.g. <c>三楼 文学阅览室</c>.</param>
/// <param name="CallNumber">Call number.</param>
/// <param name="ItemType">Item type code.</param>
/// <param name="Status"><c>available</c>, <c>on_loan</c>, <c>in_transit</c>, <c>on_hold_shelf</c> or <c>lost</c>.</param>
/// <param name="DueOn">When an on-loan copy is due back, <c>YYYY-MM-DD</c>.</param>
public sealed record CopyView(string Barcode, string Branch, string Location, string CallNumber, string ItemType, string Status, string? DueOn);
