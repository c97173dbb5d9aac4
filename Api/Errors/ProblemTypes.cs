using Microsoft.AspNetCore.Http.HttpResults;

namespace WeChatLib.Api.Errors;

/// <summary>
/// The stable <c>type</c> of every ProblemDetails under <c>/api</c>: a path on this service whose page explains it.
/// Clients branch on <c>type</c>, never on <c>title</c> or <c>detail</c>.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "/problems/";

    public static readonly IReadOnlyDictionary<string, ProblemType> All = new[]
    {
        new ProblemType("bad-request", 400, "The request is malformed.", "请求格式有误。"),
        new ProblemType("unauthorized", 401, "Sign-in is required.", "请先登录。"),
        new ProblemType("forbidden", 403, "This action is not allowed for you.", "您无权进行此操作。"),
        new ProblemType("not-found", 404, "The resource does not exist.", "未找到所请求的内容。"),
        new ProblemType("method-not-allowed", 405, "The method is not allowed on this resource.", "不支持此操作方式。"),
        new ProblemType("conflict", 409, "The request conflicts with the current state.", "操作与当前状态冲突。"),
        new ProblemType("validation", 422, "Some fields are invalid.", "部分内容填写有误。"),
        new ProblemType("too-many-requests", 429, "Too many requests; try again later.", "操作过于频繁，请稍后再试。"),
        new ProblemType("invalid-token", 401, "The sign-in has expired or was revoked.", "登录已失效，请重新登录。"),
        new ProblemType("wrong-credentials", 422, "The card number or PIN is wrong.", "卡号或密码错误。"),
        new ProblemType("pin-locked", 429, "Too many wrong PINs; try again later.", "密码错误次数过多，请稍后再试。"),
        new ProblemType("card-expired", 403, "The library card has expired.", "借书证已过期。"),
        new ProblemType("card-bound-elsewhere", 409, "The card is bound to another WeChat account.", "该借书证已绑定其他微信号。"),
        new ProblemType("wechat-bound-elsewhere", 409, "This WeChat account is bound to another card.", "该微信号已绑定其他借书证。"),
        new ProblemType("campus-login-failed", 422, "The campus login could not be confirmed.", "统一身份认证未通过。"),
        new ProblemType("no-card-for-campus-user", 422, "The library has no card for this campus account.", "未找到与该校园账号对应的借书证。"),
        new ProblemType("oauth-code-invalid", 400, "The WeChat authorization code is invalid or expired.", "微信授权码无效或已过期。"),
        new ProblemType("oauth-state-invalid", 400, "The sign-in was not started by this browser; start it again.", "登录未由本浏览器发起，请重新打开页面。"),
        new ProblemType("oauth-code-used", 400, "The WeChat authorization code was already used.", "微信授权码已被使用。"),
        new ProblemType("wechat-unavailable", 502, "WeChat did not answer; try again.", "微信服务暂时无法访问，请重试。"),
        new ProblemType("reader-restricted", 403, "The reader's borrowing is restricted.", "您的借阅权限已被暂停。"),
        new ProblemType("reader-expired", 403, "The reader's card has expired.", "您的借书证已过期。"),
        new ProblemType("username-taken", 409, "The username is taken.", "用户名已被占用。"),
        new ProblemType("duplicate-risk", 409, "Retrying could deliver the notice twice.", "重试可能导致读者收到重复通知。"),
        new ProblemType("import-rejected", 422, "The file has rows that cannot be applied; nothing was changed.", "文件中有无法导入的行，未做任何更改。"),
        new ProblemType("renewal-refused", 422, "The loan cannot be renewed; see reasons.", "该图书不能续借，原因见 reasons。"),
        new ProblemType("hold-refused", 422, "The title cannot be held; see reasons.", "该图书不能预约，原因见 reasons。"),
        new ProblemType("seat-refused", 422, "The seat request cannot be carried out; see reasons.", "无法完成座位操作，原因见 reasons。"),
        new ProblemType("seat-taken", 409, "Someone else took the seat first; see the nearest free seats.", "座位已被他人抢先预约，附近空座见 nearest。"),
        new ProblemType("room-refused", 422, "The room request cannot be carried out; see reasons.", "无法完成研讨室操作，原因见 reasons。"),
        new ProblemType("room-taken", 409, "Another group took the room first; see the next free slots.", "研讨室已被他人抢先预约，之后的空闲时段见 nextFree。"),
        new ProblemType("idempotency-key-reused", 422, "The Idempotency-Key was used for a different request.", "该 Idempotency-Key 已用于其他请求。"),
        new ProblemType("request-in-progress", 409, "The same request is still being processed; retry shortly.", "相同的请求正在处理中，请稍后重试。"),
        new ProblemType("checkout-refused", 422, "The item cannot be checked out to this reader; see reasons.", "无法办理借书，原因见 reasons。"),
        new ProblemType("checkin-refused", 422, "The item cannot be checked in; see reasons.", "无法办理还书，原因见 reasons。"),
        new ProblemType("overdue-case-closed", 422, "The loan was returned: its overdue case is closed.", "该图书已归还，逾期催还已结案。"),
        new ProblemType("loan-not-overdue", 422, "The loan is not overdue.", "该借阅尚未逾期。"),
        new ProblemType("internal", 500, "An unexpected error occurred.", "服务器开小差了，请稍后再试。"),
        new ProblemType("unavailable", 503, "The service is temporarily unavailable.", "服务暂时不可用，请稍后再试。"),
    }.ToDictionary(t => t.Slug);

    // The first type of each status is the generic one the framework's own problems get.
    private static readonly ProblemType[] Generic = [.. All.Values.GroupBy(t => t.Status).Select(g => g.First())];

    public static string Uri(string slug) => All.ContainsKey(slug) ? Prefix + slug : throw new ArgumentException($"Unknown problem type '{slug}'.", nameof(slug));

    public static ProblemHttpResult NotFound(string detail) => Problem("not-found", detail);

    /// <summary>The problem of the given type, with its status and title, and any extra members.</summary>
    public static ProblemHttpResult Problem(string slug, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: All[slug].Status, title: All[slug].Title, type: Uri(slug), extensions: extensions);

    /// <summary>Writes a problem outside an endpoint (middleware such as the rate limiter).</summary>
    public static ValueTask Write(HttpContext context, string slug, string? detail) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = All[slug].Status, Type = Uri(slug), Title = All[slug].Title, Detail = detail },
        });

    /// <summary>503 with a second's Retry-After: a store the answer needs (Redis) is unreachable or too slow for now.</summary>
    public static async Task WriteUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await Write(context, "unavailable", null);
    }

    /// <summary>Gives the framework's generic problems (status code pages, 500s) our stable type and title.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            return;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var known = Generic.FirstOrDefault(t => t.Status == status) ?? All[status >= 500 ? "internal" : "bad-request"];
        problem.Type = Prefix + known.Slug;
        problem.Title = known.Title;
    }
}

public sealed record ProblemType(string Slug, int Status, string Title, string TitleZh);
