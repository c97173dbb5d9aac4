using System.Globalization;
using System.Text;
using WeChatLib.Api.Auth;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Api.Binding;

/// <summary>
/// The binding flow in WeChat's in-app browser: WeChat OAuth (snsapi_base) tells us the openid, then the reader
/// proves their card with card number + PIN or the campus login, then sees the result.
/// </summary>
/// <remarks>
/// The binding link is WeChat's authorize URL, which cannot carry a browser-bound state. So the callback trusts a
/// code only when its state matches a cookie it set itself; otherwise it sets one and goes round WeChat's silent
/// authorization once more. A code planted by someone else (login CSRF) is therefore never exchanged.
/// The openid stays server-side: the browser holds a binding ticket (cookie) and forms carry its CSRF token.
/// </remarks>
public static class BindingPages
{
    public const string Path = "/bind";
    private const string StateCookie = "wl_bind_state";
    private const string TicketCookie = "wl_bind";

    public static IEndpointRouteBuilder MapBindingPages(this IEndpointRouteBuilder app)
    {
        // The pages themselves have a high limit of their own (many readers share a campus address); the two that check a
        // secret are limited like the sign-in routes: the PIN form is a PIN guesser's other door.
        var pages = app.MapGroup(Path).ExcludeFromDescription().RequireRateLimiting(AuthSetup.BindingPagesRateLimit).AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Content-Type-Options"] = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            return await next(context);
        });
        pages.MapGet("/", (BindingLinks links) => Results.Redirect(links.ForChat()));
        pages.MapGet("/wechat", OAuthCallback);
        pages.MapGet("/form", ShowForm);
        pages.MapPost("/pin", BindWithPin).DisableAntiforgery().RequireRateLimiting(AuthSetup.AuthRateLimit);
        pages.MapGet("/cas/start", StartCampusLogin);
        pages.MapGet("/cas", CampusLoginCallback).RequireRateLimiting(AuthSetup.AuthRateLimit);
        return app;
    }

    private static async Task<IResult> OAuthCallback(
        HttpContext context, string? code, string? state, int? round, BindingLinks links, WeChatOAuthClient oauth, BindingTickets tickets)
    {
        if (string.IsNullOrEmpty(code) || !BrowserState.Matches(context.Request.Cookies[StateCookie], state))
        {
            if (round >= 2)
                return Html(BindingHtml.Result(false, "无法完成授权", "请在微信中打开链接，并允许使用 Cookie。", "Open the link in WeChat with cookies enabled."));
            var fresh = BrowserState.New();
            context.Response.Cookies.Append(StateCookie, fresh, Cookie(links, TimeSpan.FromMinutes(10)));
            return Results.Redirect(links.SecondRound(fresh));
        }

        context.Response.Cookies.Delete(StateCookie, Cookie(links, TimeSpan.Zero));
        switch (await oauth.ExchangeCodeAsync(code, context.RequestAborted))
        {
            case OAuthCodeResult.Success(var openId):
                var (ticket, _) = await tickets.IssueAsync(openId);
                context.Response.Cookies.Append(TicketCookie, ticket, Cookie(links, BindingTickets.Lifetime));
                // Post/redirect/get: a reload must not send the one-time code again.
                return Results.Redirect("/bind/form");
            case OAuthCodeResult.CodeUsed when await tickets.FindAsync(context.Request.Cookies[TicketCookie]) is not null:
                return Results.Redirect("/bind/form");
            case OAuthCodeResult.InvalidCode or OAuthCodeResult.CodeUsed:
                return Html(BindingHtml.Result(false, "链接已失效", "请回到微信，重新点击“绑定借书证”。", "This link has expired: tap Bind again in WeChat."));
            default:
                return Html(BindingHtml.Result(false, "微信暂时无法访问", "请稍后再试。", "WeChat is not answering; please try again shortly."));
        }
    }

    private static async Task<IResult> ShowForm(HttpContext context, BindingTickets tickets, IBindingStore bindings, IPatronStore patrons, ICampusLogin campus)
    {
        if (await tickets.FindAsync(context.Request.Cookies[TicketCookie]) is not { } session)
            return Expired();
        if (await bindings.FindByOpenIdAsync(session.OpenId, context.RequestAborted) is { } binding)
        {
            var card = (await patrons.FindAsync(binding.PatronId, context.RequestAborted))?.MaskedCardNumber ?? "****";
            return Html(BindingHtml.Result(true, "已绑定", $"您的微信已绑定借书证 {card}。如需更换，请先在菜单中解绑。",
                $"This WeChat account is already bound to card {card}. Unbind it from the menu to change it."));
        }
        return Html(BindingHtml.Form(session.Csrf, null, campus.Enabled));
    }

    private static async Task<IResult> BindWithPin(HttpContext context, BindingTickets tickets, BindByPin bindByPin, ICampusLogin campus)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var ticket = context.Request.Cookies[TicketCookie];
        if (await tickets.FindAsync(ticket) is not { } session)
            return Expired();
        if (!BrowserState.Matches(session.Csrf, form["csrf"].ToString()))
            return Html(BindingHtml.Result(false, "页面已过期", "请重新打开绑定页面。", "This page has expired; open the binding page again."), StatusCodes.Status403Forbidden);

        var card = form["card"].ToString().Trim();
        var pin = form["pin"].ToString();
        if (card.Length == 0 || pin.Length == 0)
            return Html(BindingHtml.Form(session.Csrf, "请填写借书证号和密码。Enter your card number and PIN.", campus.Enabled));
        var result = await bindByPin.HandleAsync(session.OpenId, card, pin, context.RequestAborted);
        return await Finish(context, result, ticket!, tickets, session.Csrf, campus.Enabled);
    }

    private static async Task<IResult> StartCampusLogin(HttpContext context, BindingTickets tickets, ICampusLogin campus, BindingLinks links)
    {
        if (!campus.Enabled || await tickets.FindAsync(context.Request.Cookies[TicketCookie]) is not { } session)
            return Expired();
        return Results.Redirect(campus.LoginUrl(links.CampusServiceForPages(session.Csrf)).ToString());
    }

    private static async Task<IResult> CampusLoginCallback(
        HttpContext context, string? s, string? ticket, BindingTickets tickets, BindByCampusLogin bindByCampusLogin, ICampusLogin campus, BindingLinks links)
    {
        var bindingTicket = context.Request.Cookies[TicketCookie];
        if (await tickets.FindAsync(bindingTicket) is not { } session)
            return Expired();
        // The CSRF token rides in the service URL, so a ticket planted by someone else's login is refused.
        if (!BrowserState.Matches(session.Csrf, s) || string.IsNullOrEmpty(ticket))
            return Html(BindingHtml.Result(false, "登录未完成", "请重新选择统一身份认证登录。", "The campus login did not complete; please try again.", tryAgain: true));
        var result = await bindByCampusLogin.HandleAsync(session.OpenId, ticket, links.CampusServiceForPages(session.Csrf), context.RequestAborted);
        return await Finish(context, result, bindingTicket!, tickets, session.Csrf, campus.Enabled);
    }

    private static async Task<IResult> Finish(HttpContext context, BindResult result, string ticket, BindingTickets tickets, string csrf, bool campusLogin)
    {
        switch (result)
        {
            case BindResult.Bound bound:
                await tickets.ConsumeAsync(ticket);
                context.Response.Cookies.Delete(TicketCookie, new CookieOptions { Path = Path });
                return Html(BindingHtml.Result(true, "绑定成功", $"{bound.Patron.Name}，您的借书证 {bound.Patron.MaskedCardNumber} 已绑定本微信号。",
                    $"Card {bound.Patron.MaskedCardNumber} is now bound to this WeChat account."));
            case BindResult.WrongCredentials wrong:
                return Html(BindingHtml.Form(csrf, string.Create(CultureInfo.InvariantCulture,
                    $"借书证号或密码错误，还可尝试 {wrong.AttemptsLeft} 次。Wrong card number or PIN ({wrong.AttemptsLeft} tries left)."), campusLogin));
            case BindResult.LockedOut locked:
                var minutes = (int)Math.Ceiling(locked.RetryAfter.TotalMinutes);
                return Html(BindingHtml.Result(false, "请稍后再试", string.Create(CultureInfo.InvariantCulture, $"密码错误次数过多，请 {minutes} 分钟后再试。"),
                    string.Create(CultureInfo.InvariantCulture, $"Too many wrong PINs: try again in {minutes} minutes.")), StatusCodes.Status429TooManyRequests);
            case BindResult.CardExpired:
                return Html(BindingHtml.Result(false, "借书证已过期", "请到服务台办理续期后再绑定。", "Your library card has expired: renew it at the service desk first."));
            case BindResult.CardBoundElsewhere:
                return Html(BindingHtml.Result(false, "该借书证已绑定其他微信号", "请先在原微信号中解绑，或持证件到服务台处理。", "This card is bound to another WeChat account: unbind it there first, or ask at the service desk."));
            case BindResult.OpenIdBoundElsewhere other:
                return Html(BindingHtml.Result(false, "本微信号已绑定其他借书证", $"已绑定 {other.MaskedCardNumber}，如需更换请先解绑。", $"Already bound to card {other.MaskedCardNumber}: unbind it first."));
            case BindResult.NoCardForCampusUser:
                return Html(BindingHtml.Result(false, "未找到借书证", "您的校园账号没有对应的借书证，请到服务台咨询。", "No library card matches your campus account; please ask at the service desk."));
            default:
                return Html(BindingHtml.Result(false, "登录未通过", "统一身份认证未能确认您的身份，请重试。", "The campus login could not be confirmed; please try again.", tryAgain: true));
        }
    }

    /// <summary>The page a rate-limited reader sees (written by the rate limiter, outside any endpoint).</summary>
    public static ValueTask TooManyRequests(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        var page = BindingHtml.Result(false, "操作过于频繁", "请稍后再试。", "Too many attempts from your network: please try again in a minute.");
        return new ValueTask(context.Response.WriteAsync(page, Encoding.UTF8, context.RequestAborted));
    }

    private static IResult Expired() =>
        Html(BindingHtml.Result(false, "页面已过期", "请回到微信，重新点击“绑定借书证”。", "This page has expired: tap Bind again in WeChat."), StatusCodes.Status401Unauthorized);

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static CookieOptions Cookie(BindingLinks links, TimeSpan lifetime) => BrowserState.Cookie(Path, links.IsHttps, lifetime);
}
