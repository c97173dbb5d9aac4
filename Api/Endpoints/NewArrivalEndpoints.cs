using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.NewArrivals;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// What is new and what is read: catalogue search, the latest arrivals and the hot list (public, like the catalogue),
/// and the signed-in reader's subscriptions to new arrivals.
/// </summary>
public static class NewArrivalEndpoints
{
    public static IEndpointRouteBuilder MapNewArrivalEndpoints(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/v1").WithTags("Catalogue");
        catalogue.MapGet("/catalogue/search", SearchCatalogue).WithName(nameof(SearchCatalogue)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        catalogue.MapGet("/new-arrivals", GetNewArrivals).WithName(nameof(GetNewArrivals));
        catalogue.MapGet("/hot-loans", GetHotLoans).WithName(nameof(GetHotLoans)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var mine = app.MapGroup("/api/v1/me/subscriptions").WithTags("Me: subscriptions").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        mine.MapGet("/", GetMySubscriptions).WithName(nameof(GetMySubscriptions));
        mine.MapPost("/", AddMySubscription).WithName(nameof(AddMySubscription))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapDelete("/", RemoveMySubscription).WithName(nameof(RemoveMySubscription))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Titles matching <c>q</c>: an ISBN (10 or 13 digits, hyphens allowed) finds its title; otherwise every word must
    /// appear in the title, author or subjects (Chinese words of one or two characters included). Best matches first:
    /// the whole title, then titles starting with the words, then by similarity; where thousands of titles match, among a
    /// few hundred of them that always include the whole title and titles starting with it. Each hit has its copies per branch.
    /// </summary>
    private static async Task<Results<Ok<SearchResultsView>, ProblemHttpResult>> SearchCatalogue(
        string? q, int? limit, SearchTitles search, CancellationToken cancellationToken)
    {
        if (SearchTitles.Parse(q ?? "") is null)
            return ProblemTypes.Problem("validation", "q must have a word to look for.",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["q"] = ["required"] } });
        var hits = await search.HandleAsync(q!, limit ?? 20, cancellationToken);
        return TypedResults.Ok(new SearchResultsView([.. hits.Select(SearchHitView.From)]));
    }

    /// <summary>Titles new to the library in the last 30 days, newest first (at most <c>limit</c>, default 20), each with its copies per branch.</summary>
    private static async Task<Ok<NewArrivalsView>> GetNewArrivals(int? limit, ListNewArrivals arrivals, CancellationToken cancellationToken) =>
        TypedResults.Ok(new NewArrivalsView([.. (await arrivals.HandleAsync(null, limit ?? 20, cancellationToken)).Select(NewArrivalView.From)]));

    /// <summary>
    /// The most borrowed titles over the last 30 days (refreshed hourly), overall or within the CLC class <c>clc</c> and
    /// its sub-classes (e.g. <c>TP</c>, <c>K</c>, <c>I247</c>).
    /// </summary>
    private static async Task<Results<Ok<HotLoansView>, ProblemHttpResult>> GetHotLoans(
        string? clc, int? limit, ListHotLoans hotLoans, CancellationToken cancellationToken) =>
        await hotLoans.HandleAsync(clc, limit ?? ListHotLoans.MaxTitles, cancellationToken) is { } top
            ? TypedResults.Ok(new HotLoansView([.. top.Select(t => new HotTitleView(t.TitleId, t.Title, t.Author, t.Isbn, t.ClcClass, t.Loans))]))
            : ClassProblem("clc");

    /// <summary>The reader's subscriptions to new arrivals: CLC classes and keywords.</summary>
    private static async Task<Results<Ok<SubscriptionsView>, ProblemHttpResult>> GetMySubscriptions(
        HttpContext context, ManageSubscriptions subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.ListAsync(context.User.PatronId() ?? 0, cancellationToken) is SubscriptionResult.Listed listed
            ? TypedResults.Ok(SubscriptionsView.From(listed.Subscriptions))
            : ProblemTypes.Problem("invalid-token");

    /// <summary>
    /// Subscribes to a CLC class (<c>kind</c> <c>class</c>, e.g. <c>TP</c>, <c>K</c>, <c>TP3</c>: a main class of the CLC or
    /// one below it) or a keyword (<c>keyword</c>, 1–30 characters). 201 when new, 200 when the reader had it already;
    /// 409 past 20 subscriptions. The weekly digest tells the reader of new titles matching any of them.
    /// </summary>
    private static async Task<Results<Created<SubscriptionView>, Ok<SubscriptionView>, ProblemHttpResult>> AddMySubscription(
        SubscriptionRequest request, HttpContext context, ManageSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (Parse(request) is not { } subscription)
            return ClassProblem(Subscription.ParseKind(request.Kind) is null ? "kind" : "value");
        return await subscriptions.SubscribeAsync(context.User.PatronId() ?? 0, subscription, cancellationToken) switch
        {
            SubscriptionResult.Subscribed { New: true } added => TypedResults.Created("/api/v1/me/subscriptions", SubscriptionView.From(added.Subscription)),
            SubscriptionResult.Subscribed had => TypedResults.Ok(SubscriptionView.From(had.Subscription)),
            SubscriptionResult.TooMany many => ProblemTypes.Problem("conflict", $"At most {many.Max} subscriptions; remove one first."),
            _ => ProblemTypes.Problem("invalid-token"),
        };
    }

    /// <summary>Ends a subscription, named by <c>kind</c> and <c>value</c> as listed; 404 when the reader has no such subscription.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMySubscription(
        string? kind, string? value, HttpContext context, ManageSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (Parse(new SubscriptionRequest(kind ?? "", value ?? "")) is not { } subscription)
            return ClassProblem(Subscription.ParseKind(kind) is null ? "kind" : "value");
        return await subscriptions.UnsubscribeAsync(context.User.PatronId() ?? 0, subscription, cancellationToken) switch
        {
            SubscriptionResult.Unsubscribed => TypedResults.NoContent(),
            SubscriptionResult.NotSubscribed => ProblemTypes.NotFound("No such subscription."),
            _ => ProblemTypes.Problem("invalid-token"),
        };
    }

    private static Subscription? Parse(SubscriptionRequest request) => Subscription.ParseKind(request.Kind) switch
    {
        SubscriptionKind.Class => Subscription.Class(request.Value),
        SubscriptionKind.Keyword => Subscription.Keyword(request.Value),
        _ => null,
    };

    private static ProblemHttpResult ClassProblem(string field) =>
        ProblemTypes.Problem("validation", field switch
        {
            "kind" => "kind must be class or keyword.",
            "value" => "value must be a CLC class (such as TP or K) for a class, or 1 to 30 characters for a keyword.",
            _ => "clc must be a CLC class, such as TP or K.",
        }, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = ["invalid"] } });
}

/// <param name="Kind"><c>class</c> or <c>keyword</c>.</param>
/// <param name="Value">A CLC class such as <c>TP</c>, or a keyword.</param>
public sealed record SubscriptionRequest(string Kind, string Value);

/// <param name="Kind"><c>class</c> or <c>keyword</c>.</param>
/// <param name="Value">The class in capitals, or the keyword.</param>
/// <param name="Name">The class's name (its main class's, for a class below one); null for a keyword.</param>
public sealed record SubscriptionView(string Kind, string Value, string? Name)
{
    public static SubscriptionView From(Subscription s) =>
        new(s.KindCode, s.Value, s.Kind == SubscriptionKind.Class ? ClcMainClasses.Of(s.Value)?.Name : null);
}

public sealed record SubscriptionsView(SubscriptionView[] Subscriptions)
{
    public static SubscriptionsView From(IEnumerable<Subscription> all) => new([.. all.Select(SubscriptionView.From)]);
}

/// <param name="TitleId">The title's id (for a hold).</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="Isbn">ISBN-13, possibly empty.</param>
/// <param name="Copies">Copies that circulate, at every branch.</param>
/// <param name="Available">Of those, copies on the shelf now.</param>
/// <param name="Branches">Copies and copies on the shelf, per branch.</param>
public sealed record SearchHitView(long TitleId, string Title, string Author, string Isbn, int Copies, int Available, BranchCopiesView[] Branches)
{
    public static SearchHitView From(TitleHit hit) => new(hit.TitleId, hit.Title, hit.Author, hit.Isbn, hit.Copies, hit.Available,
        [.. hit.Branches.Select(b => new BranchCopiesView(b.Branch, b.Name, b.NameEn, b.Copies, b.Available))]);
}

/// <param name="Branch">Branch code.</param>
/// <param name="Name">Branch name.</param>
/// <param name="NameEn">Branch name in English.</param>
/// <param name="Copies">Copies that circulate there.</param>
/// <param name="Available">Of those, copies on the shelf now.</param>
public sealed record BranchCopiesView(string Branch, string Name, string NameEn, int Copies, int Available);

public sealed record SearchResultsView(SearchHitView[] Hits);

/// <param name="TitleId">The title's id (for a hold).</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="Isbn">ISBN-13, possibly empty.</param>
/// <param name="ClcClass">CLC class number, possibly empty.</param>
/// <param name="AccessionedOn">When its first copy arrived, <c>YYYY-MM-DD</c>.</param>
/// <param name="Copies">Copies that circulate, at every branch.</param>
/// <param name="Available">Of those, copies on the shelf now (none: a hold may be placed).</param>
/// <param name="Branches">Copies and copies on the shelf, per branch.</param>
public sealed record NewArrivalView(long TitleId, string Title, string Author, string Isbn, string ClcClass, string AccessionedOn,
    int Copies, int Available, BranchCopiesView[] Branches)
{
    public static NewArrivalView From(NewArrival a) => new(a.TitleId, a.Title, a.Author, a.Isbn, a.ClcClass, IsoDate.Format(a.AccessionedOn),
        a.Branches.Sum(b => b.Copies), a.Branches.Sum(b => b.Available),
        [.. a.Branches.Select(b => new BranchCopiesView(b.Branch, b.Name, b.NameEn, b.Copies, b.Available))]);
}

public sealed record NewArrivalsView(NewArrivalView[] Titles);

/// <param name="TitleId">The title's id (for a hold).</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author(s), possibly empty.</param>
/// <param name="Isbn">ISBN-13, possibly empty.</param>
/// <param name="ClcClass">CLC class number, possibly empty.</param>
/// <param name="Loans">Loans over the last 30 days.</param>
public sealed record HotTitleView(long TitleId, string Title, string Author, string Isbn, string ClcClass, int Loans);

public sealed record HotLoansView(HotTitleView[] Titles);
