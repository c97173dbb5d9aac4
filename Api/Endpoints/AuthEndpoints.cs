using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Binding;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Api.Endpoints;

public static class AuthEndpoints
{
    private const string Path = "/api/v1/auth";
    private const string SignInStateCookie = "wl_signin_state";
    private static readonly TimeSpan SignInStateLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup(Path).WithTags("Auth").ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapGet("/wechat/start", StartWeChatSignIn).WithName(nameof(StartWeChatSignIn)).RequireRateLimiting(AuthSetup.AuthRateLimit)
            .Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status400BadRequest);
        auth.MapPost("/wechat", SignInWithWeChat).WithName(nameof(SignInWithWeChat)).RequireRateLimiting(AuthSetup.AuthRateLimit)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        auth.MapPost("/bind", Bind).WithName(nameof(Bind)).RequireRateLimiting(AuthSetup.AuthRateLimit)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // Its own, higher limit: refreshes are routine and many readers may share one campus address.
        auth.MapPost("/refresh", Refresh).WithName(nameof(Refresh)).RequireRateLimiting(AuthSetup.RefreshRateLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName(nameof(Logout)).RequireRateLimiting(AuthSetup.AuthRateLimit).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/staff/login", SignInStaff).WithName(nameof(SignInStaff)).RequireRateLimiting(AuthSetup.AuthRateLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        // Development only, and outside the API's contract: the document is the same in every environment.
        if (DevelopmentSignInOptions.IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>(), app.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            auth.MapGet("/development", () => TypedResults.NoContent()).ExcludeFromDescription();
            auth.MapPost("/development", SignInForDevelopment).ExcludeFromDescription().RequireRateLimiting(AuthSetup.AuthRateLimit);
        }
        return app;
    }

    /// <summary>Development's sign-in outside WeChat: a bound reader's tokens by card number (see <see cref="DevelopmentSignIn"/>).</summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInForDevelopment(
        DevelopmentSignInRequest request, DevelopmentSignIn signIn, CancellationToken cancellationToken) =>
        await signIn.HandleAsync(request.CardNumber ?? "", cancellationToken) is { } tokens
            ? TypedResults.Ok(tokens)
            : ProblemTypes.Problem("unauthorized", "No reader with this card is bound to a WeChat account.");

    /// <summary>
    /// Starts the H5 pages' WeChat sign-in: this browser gets a state cookie and is sent to WeChat's authorize page,
    /// which returns to <paramref name="returnTo"/> (a path of this service, <c>/h5/</c> by default) with
    /// <c>code</c> and <c>state</c> for <c>POST /api/v1/auth/wechat</c>.
    /// </summary>
    private static Results<RedirectHttpResult, ProblemHttpResult> StartWeChatSignIn(
        HttpContext context, string? returnTo, BindingLinks links, WeChatOAuthClient oauth)
    {
        returnTo ??= "/h5/";
        // A path only: the address is PublicBaseUrl followed by it, and "//host" or "@host" would leave this service.
        if (!returnTo.StartsWith('/') || returnTo.StartsWith("//", StringComparison.Ordinal) || returnTo.Contains('\\', StringComparison.Ordinal)
            || returnTo.Any(char.IsControl))
            return ProblemTypes.Problem("bad-request", "returnTo must be a path of this service, such as /h5/loans.");
        var state = BrowserState.New();
        context.Response.Cookies.Append(SignInStateCookie, state, BrowserState.Cookie(Path, links.IsHttps, SignInStateLifetime));
        return TypedResults.Redirect(oauth.AuthorizeUrl(links.Url(returnTo), state));
    }

    /// <summary>
    /// Exchanges a WeChat OAuth2 <c>code</c> for tokens when the reader is bound, or for a single-use binding ticket
    /// when not. Only from the browser that started the sign-in (<c>GET /api/v1/auth/wechat/start</c>): the
    /// <c>state</c> must match its cookie, so a code planted by someone else signs nobody in.
    /// </summary>
    private static async Task<Results<Ok<WeChatSignInResponse>, ProblemHttpResult>> SignInWithWeChat(
        WeChatSignInRequest request, HttpContext context, WeChatOAuthClient oauth, IBindingStore bindings, IPatronStore patrons,
        BindingTickets tickets, ReaderSignIn readers, ICampusLogin campus, BindingLinks links, CancellationToken cancellationToken)
    {
        var expected = context.Request.Cookies[SignInStateCookie];
        // One code per start: the state works once.
        context.Response.Cookies.Delete(SignInStateCookie, BrowserState.Cookie(Path, links.IsHttps, TimeSpan.Zero));
        if (!BrowserState.Matches(expected, request.State))
            return ProblemTypes.Problem("oauth-state-invalid");

        switch (await oauth.ExchangeCodeAsync(request.Code ?? "", cancellationToken))
        {
            case OAuthCodeResult.Success(var openId):
                if (await bindings.FindByOpenIdAsync(openId, cancellationToken) is { } binding
                    && await patrons.FindAsync(binding.PatronId, cancellationToken) is { } patron)
                {
                    return await readers.StartAsync(patron, openId, cancellationToken) is { } signedIn
                        ? TypedResults.Ok(new WeChatSignInResponse(true, signedIn, null, null, null))
                        : ProblemTypes.Problem("conflict", "The binding changed meanwhile; sign in again.");
                }
                var (ticket, csrf) = await tickets.IssueAsync(openId);
                var campusLogin = campus.Enabled ? campus.LoginUrl(links.CampusServiceForH5(csrf)).ToString() : null;
                return TypedResults.Ok(new WeChatSignInResponse(false, null, ticket, (int)BindingTickets.Lifetime.TotalSeconds, campusLogin));
            case OAuthCodeResult.InvalidCode:
                return ProblemTypes.Problem("oauth-code-invalid");
            case OAuthCodeResult.CodeUsed:
                return ProblemTypes.Problem("oauth-code-used");
            default:
                return ProblemTypes.Problem("wechat-unavailable");
        }
    }

    /// <summary>
    /// Redeems a binding ticket with a card number and PIN, or with a campus login (CAS) service ticket from the
    /// ticket's <c>campusLoginUrl</c>, binding the WeChat account to the card and returning tokens.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Bind(
        BindRequest request, BindingTickets tickets, BindByPin bindByPin, BindByCampusLogin bindByCampusLogin, BindingLinks links,
        ReaderSignIn readers, CancellationToken cancellationToken)
    {
        if (await tickets.FindAsync(request.Ticket) is not { } found)
            return ProblemTypes.Problem("invalid-token", "The binding ticket is unknown or has expired; sign in with WeChat again.");

        BindResult result;
        if (!string.IsNullOrWhiteSpace(request.CasTicket))
            // The service URL is this service's own, whatever a client sends: see BindingLinks.
            result = await bindByCampusLogin.HandleAsync(found.OpenId, request.CasTicket, links.CampusServiceForH5(found.Csrf), cancellationToken);
        else if (!string.IsNullOrWhiteSpace(request.CardNumber) && !string.IsNullOrEmpty(request.Pin))
            result = await bindByPin.HandleAsync(found.OpenId, request.CardNumber, request.Pin, cancellationToken);
        else
            return ProblemTypes.Problem("bad-request", "Send cardNumber and pin, or casTicket.");

        if (result is not BindResult.Bound bound)
            return BindingProblems.For(result);
        await tickets.ConsumeAsync(request.Ticket!);
        return await readers.StartAsync(bound.Patron, found.OpenId, cancellationToken) is { } tokens
            ? TypedResults.Ok(tokens)
            : ProblemTypes.Problem("conflict", "The binding changed meanwhile; sign in again.");
    }

    /// <summary>
    /// Trades a refresh token for new tokens. Each refresh token works once; reusing one ends the whole session. A
    /// reader's session also ends when the card is no longer bound to the same WeChat account, or its standing worsened.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, RefreshTokens refreshTokens, TokenIssuer tokens, ReaderSignIn readers, IStaffStore staff, IAuditLog audit,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        switch (string.IsNullOrEmpty(request.RefreshToken) ? new RefreshResult.Invalid() : await refreshTokens.RedeemAsync(request.RefreshToken))
        {
            case RefreshResult.Reused reused:
                // A copy of the token is in other hands (the family is already revoked): a theft signal worth a trace.
                loggers.CreateLogger("WeChatLib.Api.Auth.Sessions").LogWarning(
                    "A used refresh token was presented again; every token of the session of {Subject} was revoked", reused.Subject);
                await audit.RecordAsync(new AuditEntry(AuditEntry.System, "session.refresh-reuse", reused.Subject), cancellationToken);
                return ProblemTypes.Problem("invalid-token");
            case RefreshResult.Valid valid when Principal.Id(valid.Subject, "staff:") is { } staffId:
                // Roles are read afresh: a change by an admin takes effect at the next refresh at the latest.
                if (await staff.FindAsync(staffId, cancellationToken) is not { Active: true } account)
                {
                    await refreshTokens.RevokeFamilyAsync(valid.Family);
                    return ProblemTypes.Problem("invalid-token");
                }
                return TypedResults.Ok(await tokens.IssueAsync(valid.Subject, account.Roles.Select(r => r.RoleCode()), valid.Family));
            case RefreshResult.Valid valid when Principal.Id(valid.Subject, "patron:") is { } patronId:
                return await readers.ContinueAsync(patronId, valid, cancellationToken) is { } renewed
                    ? TypedResults.Ok(renewed)
                    : ProblemTypes.Problem("invalid-token");
            default:
                return ProblemTypes.Problem("invalid-token");
        }
    }

    /// <summary>Ends the session: its refresh token and every access token issued with it stop working.</summary>
    private static async Task<NoContent> Logout(HttpContext context, RefreshTokens refreshTokens)
    {
        if (context.User.Family() is { } family)
            await refreshTokens.RevokeFamilyAsync(family);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Signs a staff member in with username and password. After <c>StaffSignIn:MaxFailures</c> failed passwords for
    /// a username within <c>StaffSignIn:LockoutMinutes</c>, even the right one is refused (429) until the window ends.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInStaff(
        StaffSignInRequest request, SignInStaff signIn, TokenIssuer tokens, IAuditLog audit, CancellationToken cancellationToken)
    {
        switch (await signIn.HandleAsync(request.Username ?? "", request.Password ?? "", cancellationToken))
        {
            case StaffSignInResult.SignedIn(var account):
                await audit.RecordAsync(new AuditEntry(AuditEntry.Staff(account.Id), "staff.sign-in", $"staff:{account.Id}"), cancellationToken);
                return TypedResults.Ok(await tokens.IssueAsync(Principal.StaffSubject(account.Id), account.Roles.Select(r => r.RoleCode())));
            case StaffSignInResult.LockedOut locked:
                var seconds = (int)Math.Ceiling(locked.RetryAfter.TotalSeconds);
                return ProblemTypes.Problem("too-many-requests",
                    string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins for this username; try again in {(seconds + 59) / 60} minutes."),
                    new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
            default:
                return ProblemTypes.Problem("unauthorized", "Unknown username or wrong password.");
        }
    }
}

// Both required in the document; nullable here so that a request without one gets the service's own 400 problem.
/// <param name="Code">The <c>code</c> WeChat appended to the H5 page's URL.</param>
/// <param name="State">The <c>state</c> WeChat appended with it, from <c>GET /api/v1/auth/wechat/start</c>.</param>
public sealed record WeChatSignInRequest([property: Required] string? Code, [property: Required] string? State);

/// <param name="Bound">Whether this WeChat account is bound to a library card.</param>
/// <param name="Tokens">Tokens, when bound.</param>
/// <param name="BindingTicket">When not bound: redeem it at <c>POST /api/v1/auth/bind</c>.</param>
/// <param name="BindingTicketExpiresIn">Seconds the binding ticket stays valid.</param>
/// <param name="CampusLoginUrl">
/// When not bound and the campus login is offered: where to send the reader to sign in; it returns to
/// <c>/h5/bind</c> with a <c>ticket</c> to send as <c>casTicket</c> with this binding ticket.
/// </param>
public sealed record WeChatSignInResponse(bool Bound, TokenResponse? Tokens, string? BindingTicket, int? BindingTicketExpiresIn, string? CampusLoginUrl);

/// <param name="Ticket">The binding ticket from <c>POST /api/v1/auth/wechat</c>.</param>
/// <param name="CardNumber">Library card number (with <c>pin</c>).</param>
/// <param name="Pin">The card's PIN.</param>
/// <param name="CasTicket">
/// Instead of card and PIN: the campus login's service ticket, from a login started at the binding ticket's
/// <c>campusLoginUrl</c>. The service it is checked against is this service's own, never a client's.
/// </param>
/// <param name="CasService">Ignored: the service URL a campus ticket is checked against is always this service's own.</param>
public sealed record BindRequest(string? Ticket, string? CardNumber, string? Pin, string? CasTicket, string? CasService = null);

/// <param name="RefreshToken">The refresh token from the last sign-in or refresh.</param>
public sealed record RefreshRequest(string? RefreshToken);

public sealed record DevelopmentSignInRequest(string? CardNumber);

public sealed record StaffSignInRequest(string? Username, string? Password);
