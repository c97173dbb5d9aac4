using WeChatLib.Domain.Common;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>A reader's hold: where it stands in the title's queue, or which copy is on its way or waiting, and until when.</summary>
/// <param name="Id">Hold id, used to cancel it.</param>
/// <param name="TitleId">The title held.</param>
/// <param name="Title">Title of the book.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="Status"><c>waiting</c>, <c>in_transit</c> (a copy is on its way to the pickup branch), <c>ready</c> (on the hold
/// shelf), or ended: <c>fulfilled</c>, <c>cancelled</c>, <c>expired</c>.</param>
/// <param name="Position">Place in the title's queue while waiting (1 is next); null otherwise.</param>
/// <param name="PickupBranch">Where the reader collects the copy.</param>
/// <param name="PlacedAt">When the hold was placed.</param>
/// <param name="NotNeededAfter">The last day the reader still wants the title, <c>YYYY-MM-DD</c>; null when not set.</param>
/// <param name="ItemBarcode">The copy on its way or on the shelf for the hold; null while waiting.</param>
/// <param name="ReadyAt">When the copy went onto the hold shelf.</param>
/// <param name="PickupBy">The last day to collect it, <c>YYYY-MM-DD</c>.</param>
/// <param name="EndedAt">When the hold ended.</param>
/// <param name="EndReason"><c>fulfilled</c>, <c>cancelled_by_reader</c>, <c>cancelled_by_staff</c>, <c>not_needed</c> or
/// <c>pickup_expired</c>; null while open.</param>
public sealed record HoldView(
    long Id, long TitleId, string Title, string Author, string Status, int? Position, PickupBranchView PickupBranch, DateTimeOffset PlacedAt,
    string? NotNeededAfter, string? ItemBarcode, DateTimeOffset? ReadyAt, string? PickupBy, DateTimeOffset? EndedAt, string? EndReason)
{
    public static HoldView From(Hold hold, Language language) => new(
        hold.Id, hold.TitleId, hold.Title, hold.Author, hold.Status, hold.Position, PickupBranchView.From(hold.PickupBranch, language), hold.PlacedAt,
        hold.NotNeededAfter is { } last ? IsoDate.Format(last) : null, hold.ItemBarcode, hold.ReadyAt,
        hold.PickupBy is { } by ? IsoDate.Format(by) : null, hold.EndedAt, hold.EndReason);
}

/// <param name="Code">Branch code, e.g. <c>main</c>.</param>
/// <param name="Name">The branch's name in the reader's language.</param>
public sealed record PickupBranchView(string Code, string Name)
{
    public static PickupBranchView From(BranchRef branch, Language language) =>
        new(branch.Code, language == Language.En && branch.NameEn != "" ? branch.NameEn : branch.Name);
}

/// <param name="Holds">Open holds (ready ones first), then those ended in the last 30 days, newest first.</param>
public sealed record MyHoldsView(HoldView[] Holds);

/// <summary>A hold just placed.</summary>
/// <param name="Id">Hold id.</param>
/// <param name="Title">Title of the book.</param>
/// <param name="Position">Its place in the title's queue (1 is next).</param>
/// <param name="PickupBranch">Where the reader will collect the copy.</param>
/// <param name="RecalledACopy">Whether placing it recalled a copy from its borrower (预约催还).</param>
public sealed record PlacedHoldView(long Id, string Title, int Position, PickupBranchView PickupBranch, bool RecalledACopy);

/// <summary>A hold on a title whose copies are all out. Name the title by exactly one of <c>titleId</c> and <c>isbn</c>.</summary>
/// <param name="TitleId">The title's id, as a title list shows it.</param>
/// <param name="Isbn">The title's ISBN-10 or ISBN-13.</param>
/// <param name="PickupBranch">Code of the branch to collect it at; by default the branch that shelves the title.</param>
/// <param name="NotNeededAfter">The last day the reader still wants it, <c>YYYY-MM-DD</c>; the hold lapses after it.</param>
public sealed record PlaceHoldRequest(long? TitleId, string? Isbn, string? PickupBranch, string? NotNeededAfter);

/// <summary>One reason a hold is refused.</summary>
/// <param name="Code">Stable code: <c>no_such_title</c>, <c>not_holdable</c>, <c>not_loanable_to_reader</c>, <c>copy_available</c>, <c>already_on_loan</c>,
/// <c>already_held</c>, <c>too_many_holds</c>, <c>unknown_pickup_branch</c>, <c>not_needed_after_past</c>, <c>patron_restricted</c>
/// or <c>patron_expired</c>.</param>
/// <param name="Parameters">The code's parameters, e.g. <c>open</c> and <c>max</c> for <c>too_many_holds</c>; dates as <c>YYYY-MM-DD</c>.</param>
/// <param name="Message">A short explanation in the reader's language.</param>
public sealed record HoldRefusalView(string Code, IReadOnlyDictionary<string, string> Parameters, string Message)
{
    public static HoldRefusalView[] All(IEnumerable<HoldRefusal> reasons, Language language) =>
        [.. reasons.Select(r => new HoldRefusalView(r.Code, r.Parameters, HoldRefusalText.For(r, language)))];
}
