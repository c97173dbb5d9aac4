using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// Makes a POST safe to repeat: with an <c>Idempotency-Key</c> header, the first answer (success or refusal) is kept
/// and every repeat with the same key gets it again, from any instance, without running the request twice. The same key
/// with a different request is refused; a repeat while the first is still running is told to retry.
/// </summary>
public sealed partial class IdempotencyFilter(IdempotencyKeys keys, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);
        var key = values.ToString();
        if (!KeyPattern().IsMatch(key))
            return ProblemTypes.Problem("bad-request", $"{Header} must be 1 to 64 letters, digits, '-', '_', ':' or '.'.");

        var scope = Scope(http);
        var fingerprint = await FingerprintAsync(http.Request);
        Reserved reserved;
        try
        {
            reserved = await keys.ReserveAsync(scope, key, fingerprint);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // Without the shared record a repeat could run twice: refuse now, the client retries with the same key.
            logger.LogWarning("An idempotent request was refused: Redis is unavailable ({Error})", e.GetType().Name);
            return ProblemTypes.Problem("unavailable", "Try again in a moment with the same Idempotency-Key.");
        }

        return reserved.Reservation is { } reservation
            ? await RunAndKeepAsync(context, next, new KeyHold(scope, key, reservation, fingerprint))
            : Repeat(http, reserved.Held!, fingerprint);
    }

    private async Task<object?> RunAndKeepAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, KeyHold hold)
    {
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The request failed: a retry with the key may run it. (A cancelled one may have committed: its reservation
            // lapses by itself, and meanwhile a repeat is told to wait rather than run it twice.)
            await SafelyAsync(() => keys.ReleaseAsync(hold.Scope, hold.Key, hold.Reservation));
            throw;
        }
        if (result is not IResult answer)
            return result;

        // Run the answer into a buffer so that it can be kept, then send the same bytes.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await answer.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var body = buffer.ToArray();
        // The change is made: whatever Redis does now, the client gets its answer.
        await SafelyAsync(() => http.Response.StatusCode >= 500
            ? keys.ReleaseAsync(hold.Scope, hold.Key, hold.Reservation)
            : keys.KeepAsync(hold.Scope, hold.Key, hold.Reservation,
                new KeptRequest(hold.Fingerprint, http.Response.StatusCode, http.Response.ContentType, Convert.ToBase64String(body))));
        await original.WriteAsync(body, http.RequestAborted);
        return Results.Empty;
    }

    private async Task SafelyAsync(Func<Task> redisCall)
    {
        try
        {
            await redisCall();
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning("An idempotency record was not updated: Redis is unavailable ({Error}); it lapses by itself", e.GetType().Name);
        }
    }

    private static IResult Repeat(HttpContext http, KeptRequest kept, string fingerprint)
    {
        if (kept.Fingerprint != fingerprint)
            return ProblemTypes.Problem("idempotency-key-reused", "This Idempotency-Key was used for a different request.");
        if (!kept.Answered)
        {
            http.Response.Headers.RetryAfter = "1";
            return ProblemTypes.Problem("request-in-progress", "The first request with this Idempotency-Key is still running; try again shortly.");
        }
        http.Response.Headers[ReplayedHeader] = "true";
        return new KeptAnswer(kept);
    }

    // Keys belong to whoever sent them: a reader's keys never answer a member of staff or another reader.
    private static string Scope(HttpContext http) =>
        http.User.PatronId() is { } patron ? $"patron:{patron}"
        : http.User.StaffId() is { } staff ? $"staff:{staff}"
        : "anonymous";

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
                hash.AppendData(chunk, 0, read);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [GeneratedRegex("^[A-Za-z0-9_:.-]{1,64}$")]
    private static partial Regex KeyPattern();
}

/// <summary>This request's hold on its key.</summary>
internal sealed record KeyHold(string Scope, string Key, string Reservation, string Fingerprint);

/// <summary>A kept answer sent again as it was: status, content type and body.</summary>
internal sealed class KeptAnswer(KeptRequest kept) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = kept.Status ?? StatusCodes.Status200OK;
        httpContext.Response.ContentType = kept.ContentType;
        await httpContext.Response.Body.WriteAsync(Convert.FromBase64String(kept.Body ?? ""), httpContext.RequestAborted);
    }
}

public static class IdempotencyEndpoints
{
    /// <summary>Accepts an <c>Idempotency-Key</c> header on this POST; a repeat with the same key gets the first answer.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotentMarker())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Lets a request with an <c>Idempotency-Key</c> be read twice: once by the endpoint, once for its fingerprint.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyFilter.Header))
                context.Request.EnableBuffering();
            return next(context);
        });
}

/// <summary>Marks an endpoint that accepts <c>Idempotency-Key</c>, for the OpenAPI document.</summary>
public sealed class IdempotentMarker;
