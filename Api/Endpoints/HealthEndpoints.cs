using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChatLib.Api.Hosting;
using WeChatLib.Infrastructure;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// <c>/health/live</c>: the process answers (restart it if not). <c>/health/ready</c>: PostgreSQL and Redis answer
/// (take the instance out of the load balancer if not). Degraded entries still answer 200. Each check's details are
/// shown only where <see cref="Disclosure"/> allows.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        Func<HttpContext, HealthReport, Task> writer =
            Disclosure.ShowsHealthDetails(app.ServiceProvider.GetRequiredService<IConfiguration>(), app.ServiceProvider.GetRequiredService<IHostEnvironment>())
                ? WriteAsync
                : WriteStatusAsync;
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = writer });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(DependencyInjection.ReadyTag),
            ResponseWriter = writer,
        });
        return app;
    }

    // The status alone (and the HTTP status the load balancer reads): which dependency is down is the operators' business.
    private static Task WriteStatusAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() }, JsonSerializerOptions.Web);

    // Status and description only: exception messages can carry host names and stay in the logs.
    private static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = (int)e.Value.Duration.TotalMilliseconds }),
        }, JsonSerializerOptions.Web);
}
