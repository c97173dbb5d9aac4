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
        new ProblemType("internal", 500, "An unexpected error occurred.", "服务器开小差了，请稍后再试。"),
        new ProblemType("unavailable", 503, "The service is temporarily unavailable.", "服务暂时不可用，请稍后再试。"),
    }.ToDictionary(t => t.Slug);

    public static string Uri(string slug) => All.ContainsKey(slug) ? Prefix + slug : throw new ArgumentException($"Unknown problem type '{slug}'.", nameof(slug));

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: 404, title: All["not-found"].Title, type: Uri("not-found"));

    /// <summary>Gives the framework's generic problems (status code pages, 500s) our stable type and title.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            return;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var known = All.Values.FirstOrDefault(t => t.Status == status) ?? All[status >= 500 ? "internal" : "bad-request"];
        problem.Type = Prefix + known.Slug;
        problem.Title = known.Title;
    }
}

public sealed record ProblemType(string Slug, int Status, string Title, string TitleZh);
