using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// OpenTelemetry metrics with a Prometheus scrape endpoint, when <c>Metrics:Enabled</c> is on: the service's own
/// meter, ASP.NET Core's request metrics, the runtime's and Npgsql's. Off, nothing listens and nothing is measured.
/// </summary>
public static class Observability
{
    private static readonly string[] Meters =
    [
        WeChatLibMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime", "System.Net.Http", "Npgsql",
    ];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        // The meters are chosen from the final configuration (a host may add to it after this runs): none while metrics
        // are off, so that no instrument is listened to. ASP.NET Core's are named, as its instrumentation package would.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("wechatlib"))
            .WithMetrics(metrics => metrics.AddPrometheusExporter(o => o.ScopeInfoEnabled = false));
        services.ConfigureOpenTelemetryMeterProvider((provider, meters) =>
        {
            if (MetricsOptions.EnabledIn(provider.GetRequiredService<IConfiguration>()))
                meters.AddMeter(Meters);
        });
        services.AddHostedService<OutboxCountsSampler>();
        return builder;
    }

    /// <summary>The scrape endpoint; a client it does not admit gets 404, as if there were none.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        var path = configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Path)}"] ?? new MetricsOptions().Path;
        // A malformed path is reported by the options validator before the service starts.
        if (!MetricsOptions.EnabledIn(configuration) || !MetricsOptions.IsPath(path))
            return app;

        var options = app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>();
        app.MapPrometheusScrapingEndpoint(path, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
            {
                if (options.Value.Admits(context))
                    return next(context);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }), optionsName: null)
            .DisableHttpMetrics();
        return app;
    }
}
