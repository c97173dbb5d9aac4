using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Errors;

/// <summary>
/// The one place unexpected exceptions land: logged in full, answered with a 500 that reveals nothing. Redis unreachable
/// or too slow is not a defect but a moment: a 503 with Retry-After, so clients try again rather than report a bug.
/// </summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            return true;

        if (RedisOutage.Is(exception))
            return await AnswerUnavailableAsync(httpContext, exception);

        logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        // Outside the REST API (the WeChat webhook) a bare status: WeChat shows readers an error page for any body.
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
            return true;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = ProblemTypes.Uri("internal"),
                Title = ProblemTypes.All["internal"].Title,
            },
        });
    }

    private async Task<bool> AnswerUnavailableAsync(HttpContext httpContext, Exception exception)
    {
        logger.LogWarning("Redis unavailable on {Method} {Path}: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return true;
        }
        await ProblemTypes.WriteUnavailable(httpContext);
        return true;
    }
}
