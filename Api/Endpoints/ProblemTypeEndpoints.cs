using WeChatLib.Api.Errors;

namespace WeChatLib.Api.Endpoints;

/// <summary>Serves a short page for each problem <c>type</c>, so that the URIs in error responses resolve.</summary>
public static class ProblemTypeEndpoints
{
    public static IEndpointRouteBuilder MapProblemTypeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ProblemTypes.Prefix + "{slug}", Describe).ExcludeFromDescription();
        return app;
    }

    private static IResult Describe(string slug) =>
        ProblemTypes.All.TryGetValue(slug, out var type)
            ? TypedResults.Text($"{type.Status} {type.Slug}\n{type.Title}\n{type.TitleZh}\n", "text/plain; charset=utf-8")
            : TypedResults.NotFound();
}
