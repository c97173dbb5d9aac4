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
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth").RequireRateLimiting(AuthSetup.AuthRateLimit)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/wechat", SignInWithWeChat).WithName(nameof(SignInWithWeChat))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status502BadGateway);
        auth.MapPost("/bind", Bind).WithName(nameof(Bind))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        auth.MapPost("/refresh", Refresh).WithName(nameof(Refresh)).ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName(nameof(Logout)).RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/staff/login", SignInStaff).WithName(nameof(SignInStaff)).ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>
    /// Exchanges a WeChat OAuth2 <c>code</c> (from an H5 page opened in WeChat) for tokens when the reader is bound,
    /// or for a single-use binding ticket when not.
    /// </summary>
    private static async Task<Results<Ok<WeChatSignInResponse>, ProblemHttpResult>> SignInWithWeChat(
        WeChatSignInRequest request, WeChatOAuthClient oauth, IBindingStore bindings, BindingTickets tickets, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        switch (await oauth.ExchangeCodeAsync(request.Code ?? "", cancellationToken))
        {
            case OAuthCodeResult.Success(var openId):
                if (await bindings.FindByOpenIdAsync(openId, cancellationToken) is { } binding)
                    return TypedResults.Ok(new WeChatSignInResponse(true, await ReaderTokens(tokens, binding.PatronId), null, null));
                var (ticket, _) = await tickets.IssueAsync(openId);
                return TypedResults.Ok(new WeChatSignInResponse(false, null, ticket, (int)BindingTickets.Lifetime.TotalSeconds));
            case OAuthCodeResult.InvalidCode:
                return ProblemTypes.Problem("oauth-code-invalid");
            case OAuthCodeResult.CodeUsed:
                return ProblemTypes.Problem("oauth-code-used");
            default:
                return ProblemTypes.Problem("wechat-unavailable");
        }
    }

    /// <summary>
    /// Redeems a binding ticket with a card number and PIN, or with a campus login (CAS) service ticket, binding the
    /// WeChat account to the card and returning tokens.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Bind(
        BindRequest request, BindingTickets tickets, BindByPin bindByPin, BindByCampusLogin bindByCampusLogin, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        if (await tickets.FindAsync(request.Ticket) is not { } found)
            return ProblemTypes.Problem("invalid-token", "The binding ticket is unknown or has expired; sign in with WeChat again.");

        BindResult result;
        if (!string.IsNullOrWhiteSpace(request.CasTicket) && !string.IsNullOrWhiteSpace(request.CasService))
            result = await bindByCampusLogin.HandleAsync(found.OpenId, request.CasTicket, request.CasService, cancellationToken);
        else if (!string.IsNullOrWhiteSpace(request.CardNumber) && !string.IsNullOrEmpty(request.Pin))
            result = await bindByPin.HandleAsync(found.OpenId, request.CardNumber, request.Pin, cancellationToken);
        else
            return ProblemTypes.Problem("bad-request", "Send cardNumber and pin, or casTicket and casService.");

        if (result is not BindResult.Bound bound)
            return BindingProblems.For(result);
        await tickets.ConsumeAsync(request.Ticket!);
        return TypedResults.Ok(await ReaderTokens(tokens, bound.Patron.Id));
    }

    /// <summary>Trades a refresh token for new tokens. Each refresh token works once; reusing one ends the session.</summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, RefreshTokens refreshTokens, TokenIssuer tokens, IStaffStore staff, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken) || await refreshTokens.RedeemAsync(request.RefreshToken) is not RefreshResult.Valid valid)
            return ProblemTypes.Problem("invalid-token");

        if (Principal.Id(valid.Subject, "staff:") is { } staffId)
        {
            // Roles are read afresh: a change by an admin takes effect at the next refresh at the latest.
            var account = await staff.FindAsync(staffId, cancellationToken);
            if (account is not { Active: true })
            {
                await refreshTokens.RevokeFamilyAsync(valid.Family);
                return ProblemTypes.Problem("invalid-token");
            }
            return TypedResults.Ok(await tokens.IssueAsync(valid.Subject, account.Roles.Select(r => r.RoleCode()), valid.Family));
        }
        return TypedResults.Ok(await tokens.IssueAsync(valid.Subject, [Principal.ReaderRole], valid.Family));
    }

    /// <summary>Ends the session: its refresh token and every access token issued with it stop working.</summary>
    private static async Task<NoContent> Logout(HttpContext context, RefreshTokens refreshTokens)
    {
        if (context.User.Family() is { } family)
            await refreshTokens.RevokeFamilyAsync(family);
        return TypedResults.NoContent();
    }

    /// <summary>Signs a staff member in with username and password.</summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInStaff(
        StaffSignInRequest request, SignInStaff signIn, TokenIssuer tokens, IAuditLog audit, CancellationToken cancellationToken)
    {
        var account = await signIn.HandleAsync(request.Username ?? "", request.Password ?? "", cancellationToken);
        if (account is null)
            return ProblemTypes.Problem("unauthorized", "Unknown username or wrong password.");
        await audit.RecordAsync(new AuditEntry(AuditEntry.Staff(account.Id), "staff.sign-in", $"staff:{account.Id}"), cancellationToken);
        return TypedResults.Ok(await tokens.IssueAsync(Principal.StaffSubject(account.Id), account.Roles.Select(r => r.RoleCode())));
    }

    private static Task<TokenResponse> ReaderTokens(TokenIssuer tokens, long patronId) =>
        tokens.IssueAsync(Principal.PatronSubject(patronId), [Principal.ReaderRole]);
}

/// <param name="Code">The <c>code</c> WeChat appended to the H5 page's URL.</param>
public sealed record WeChatSignInRequest(string? Code);

/// <param name="Bound">Whether this WeChat account is bound to a library card.</param>
/// <param name="Tokens">Tokens, when bound.</param>
/// <param name="BindingTicket">When not bound: redeem it at <c>POST /api/v1/auth/bind</c>.</param>
/// <param name="BindingTicketExpiresIn">Seconds the binding ticket stays valid.</param>
public sealed record WeChatSignInResponse(bool Bound, TokenResponse? Tokens, string? BindingTicket, int? BindingTicketExpiresIn);

/// <param name="Ticket">The binding ticket from <c>POST /api/v1/auth/wechat</c>.</param>
/// <param name="CardNumber">Library card number (with <c>pin</c>).</param>
/// <param name="Pin">The card's PIN.</param>
/// <param name="CasTicket">A campus login service ticket (with <c>casService</c>), instead of card and PIN.</param>
/// <param name="CasService">The service URL the CAS ticket was issued for.</param>
public sealed record BindRequest(string? Ticket, string? CardNumber, string? Pin, string? CasTicket, string? CasService);

/// <param name="RefreshToken">The refresh token from the last sign-in or refresh.</param>
public sealed record RefreshRequest(string? RefreshToken);

public sealed record StaffSignInRequest(string? Username, string? Password);
