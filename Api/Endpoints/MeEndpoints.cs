using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// The signed-in reader's own data. Identity always comes from the token, never from the path or body. A restricted or
/// expired reader may read and unbind; every change goes through the reader gate.
/// </summary>
public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapGet("/", GetMe).WithName(nameof(GetMe));
        me.MapDelete("/binding", UnbindMe).WithName(nameof(UnbindMe));
        me.MapGet("/notification-preferences", GetMyNotificationPreferences).WithName(nameof(GetMyNotificationPreferences));
        me.MapPut("/notification-preferences", UpdateMyNotificationPreferences).WithName(nameof(UpdateMyNotificationPreferences))
            .AddEndpointFilter<ReaderGateFilter>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapPut("/preferences", UpdateMyPreferences).WithName(nameof(UpdateMyPreferences))
            .AddEndpointFilter<ReaderGateFilter>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The reader's profile, standing, WeChat binding and preferences.</summary>
    private static async Task<Results<Ok<ReaderProfile>, ProblemHttpResult>> GetMe(
        HttpContext context, IPatronStore patrons, IBindingStore bindings, RefreshTokens sessions, LibraryClock clock,
        CancellationToken cancellationToken)
    {
        if (await patrons.FindAsync(context.User.PatronId() ?? 0, cancellationToken) is not { } patron)
            return ProblemTypes.Problem("invalid-token");
        var binding = await bindings.FindByPatronAsync(patron.Id, cancellationToken);
        if (await SessionOpenIdAsync(context, sessions) is not { } openId || binding?.OpenId != openId)
            return await EndStaleSessionAsync(context, sessions);
        return TypedResults.Ok(ReaderProfile.From(patron, binding, clock.Today));
    }

    /// <summary>
    /// Removes the reader's WeChat binding. Allowed in any standing: a reader may always leave. Only the binding this
    /// session signed in through: once the card is bound to another WeChat account, the session is refused (401).
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UnbindMe(
        HttpContext context, IPatronStore patrons, UnbindReader unbind, RefreshTokens sessions, CancellationToken cancellationToken)
    {
        if (await patrons.FindAsync(context.User.PatronId() ?? 0, cancellationToken) is not { } patron)
            return ProblemTypes.Problem("invalid-token");
        if (await SessionOpenIdAsync(context, sessions) is not { } openId
            || !await unbind.HandleAsync(patron, AuditEntry.Patron(patron.Id), openId, cancellationToken))
            return await EndStaleSessionAsync(context, sessions);
        return TypedResults.NoContent();
    }

    // The WeChat account the session signed in through. Ending it on unbind is best-effort (Redis may not answer then),
    // so the routes that touch the binding check it themselves.
    private static async Task<string?> SessionOpenIdAsync(HttpContext context, RefreshTokens sessions) =>
        context.User.Family() is { } family ? (await sessions.ReaderStartAsync(family))?.OpenId : null;

    private static async Task<ProblemHttpResult> EndStaleSessionAsync(HttpContext context, RefreshTokens sessions)
    {
        if (context.User.Family() is { } family)
            await sessions.RevokeFamilyAsync(family);
        return ProblemTypes.Problem("invalid-token", "This sign-in's WeChat account is no longer bound to the card.");
    }

    /// <summary>Changes the reader's preferences (the language of replies and notices).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UpdateMyPreferences(
        HttpContext context, PreferencesRequest request, IPatronStore patrons, CancellationToken cancellationToken)
    {
        if (!PatronCodes.TryParseLanguage(request.Language, out var language))
            return ProblemTypes.Problem("validation", "language must be zh or en.");
        await patrons.SetLanguageAsync(ReaderGateFilter.Reader(context).Id, language, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Every notice kind, whether the reader receives it, and whether it may be switched off.</summary>
    private static async Task<Results<Ok<NoticeSetting[]>, ProblemHttpResult>> GetMyNotificationPreferences(
        HttpContext context, NotificationPreferences preferences, CancellationToken cancellationToken) =>
        context.User.PatronId() is { } patronId
            ? TypedResults.Ok((await preferences.GetAsync(patronId, cancellationToken)).ToArray())
            : ProblemTypes.Problem("invalid-token");

    /// <summary>
    /// Switches notice kinds on or off, e.g. <c>{"due-reminder": false}</c>. Due reminders, new arrivals and
    /// announcements may be switched off; overdue, recall and pickup notices may not.
    /// </summary>
    private static async Task<Results<Ok<NoticeSetting[]>, ProblemHttpResult>> UpdateMyNotificationPreferences(
        HttpContext context, Dictionary<string, bool> changes, NotificationPreferences preferences, CancellationToken cancellationToken)
    {
        if (context.User.PatronId() is not { } patronId)
            return ProblemTypes.Problem("invalid-token");
        var problems = await preferences.SetAsync(patronId, changes, cancellationToken);
        return problems.Count > 0
            ? ProblemTypes.Problem("validation", string.Join("; ", problems))
            : TypedResults.Ok((await preferences.GetAsync(patronId, cancellationToken)).ToArray());
    }
}

/// <param name="Language"><c>zh</c> or <c>en</c>.</param>
public sealed record PreferencesRequest(string? Language);

/// <summary>A reader's own view of their card.</summary>
/// <param name="CardNumber">Library card number.</param>
/// <param name="Name">Name on the card.</param>
/// <param name="Group">Patron group code, e.g. <c>undergraduate</c>.</param>
/// <param name="College">College or department.</param>
/// <param name="Campus">Home campus.</param>
/// <param name="Standing"><c>good</c>, <c>restricted</c> or <c>expired</c>, as of today.</param>
/// <param name="RestrictionReason">Why borrowing is restricted, when it is.</param>
/// <param name="ExpiresOn">Card expiry date, <c>YYYY-MM-DD</c>.</param>
/// <param name="Binding">The WeChat binding, if any.</param>
/// <param name="Preferences">The reader's preferences.</param>
public sealed record ReaderProfile(
    string CardNumber, string Name, string Group, string College, string Campus, string Standing, string? RestrictionReason,
    string ExpiresOn, BindingView? Binding, PreferencesView Preferences)
{
    public static ReaderProfile From(Patron patron, WeChatBinding? binding, DateOnly today) => new(
        patron.CardNumber, patron.Name, patron.Group.Code(), patron.College, patron.Campus,
        patron.StandingOn(today).ToString().ToLowerInvariant(), patron.RestrictionReason,
        patron.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        binding is null ? null : new BindingView(binding.Via.ToString().ToLowerInvariant(), binding.BoundAt),
        new PreferencesView(patron.PreferredLanguage.Code()));
}

/// <param name="Via"><c>pin</c>, <c>cas</c> or <c>import</c>.</param>
/// <param name="BoundAt">When the binding was made.</param>
public sealed record BindingView(string Via, DateTimeOffset BoundAt);

/// <param name="Language"><c>zh</c> or <c>en</c>.</param>
public sealed record PreferencesView(string Language);
