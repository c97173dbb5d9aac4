using System.Diagnostics;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The <c>RequestLogging</c> section. By default only failed (5xx) and slow requests are logged: a line per request
/// costs a busy webhook a measurable share of its throughput. <c>All=true</c> logs every request.
/// </summary>
public sealed class RequestLoggingOptions
{
    public const string Section = "RequestLogging";

    public bool All { get; set; }

    public int SlowMilliseconds { get; set; } = 1000;
}

internal sealed class RequestLoggingOptionsValidator : IValidateOptions<RequestLoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLoggingOptions options) =>
        new ConfigurationRules()
            .Check("RequestLogging:SlowMilliseconds", options.SlowMilliseconds > 0, "must be a positive number of milliseconds")
            .ToResult();
}

/// <summary>
/// One compact line per logged request: method, path (never the query string, which carries WeChat signatures and
/// openids), status and duration. The request id comes from the hosting scope.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, IOptions<RequestLoggingOptions> options, ILogger<RequestLogMiddleware> logger)
{
    private readonly bool _all = options.Value.All;
    private readonly long _slowTicks = options.Value.SlowMilliseconds * Stopwatch.Frequency / 1000;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (status >= 500 || elapsed >= _slowTicks)
                Problem(context.Request.Method, context.Request.Path.Value, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            else if (_all)
                Request(context.Request.Method, context.Request.Path.Value, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "HTTP {Method} {Path} {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private partial void Request(string method, string? path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(2, LogLevel.Warning, "HTTP {Method} {Path} {StatusCode} in {ElapsedMilliseconds:0.0} ms (failed or slow)")]
    private partial void Problem(string method, string? path, int statusCode, double elapsedMilliseconds);
}
