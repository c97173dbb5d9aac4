using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the reverse proxies whose <c>X-Forwarded-For</c> is believed, so that rate
/// limits see the reader's address rather than the proxy's. Empty (the default): clients connect directly and the
/// header, which anyone can send, is ignored.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length + KnownNetworks.Length > 0;

    // An array (KnownProxies:0, KnownProxies:1) or one comma-separated value, as an environment variable is easier written.
    public static ForwardedHeadersSettings From(IConfiguration configuration) => new()
    {
        KnownProxies = Values(configuration.GetSection($"{Section}:KnownProxies")),
        KnownNetworks = Values(configuration.GetSection($"{Section}:KnownNetworks")),
    };

    private static string[] Values(IConfigurationSection section) =>
        section.Value is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [.. section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)];
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>().Configure(settings =>
        {
            var configured = ForwardedHeadersSettings.From(configuration);
            settings.KnownProxies = configured.KnownProxies;
            settings.KnownNetworks = configured.KnownNetworks;
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: the framework's defaults would trust loopback.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            // Walk back through every known proxy of a chain, stopping at the first address that is not one.
            forwarded.ForwardLimit = null;
            foreach (var proxy in settings.Value.KnownProxies)
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks)
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    // Read from the configuration, not the validated options: a bad value must reach the start-up check, which reports
    // it, rather than throw here. Without any proxy the middleware is left out: with empty lists it would trust everyone.
    public static WebApplication UseConfiguredForwardedHeaders(this WebApplication app)
    {
        if (ForwardedHeadersSettings.From(app.Configuration).Any)
            app.UseForwardedHeaders();
        return app;
    }
}

internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var rules = new ConfigurationRules();
        foreach (var proxy in options.KnownProxies)
            rules.Check($"{ForwardedHeadersSettings.Section}:KnownProxies", IPAddress.TryParse(proxy, out _), $"has '{proxy}', which is not an IP address");
        foreach (var network in options.KnownNetworks)
            rules.Check($"{ForwardedHeadersSettings.Section}:KnownNetworks", System.Net.IPNetwork.TryParse(network, out _), $"has '{network}', which is not a network in CIDR notation (10.0.0.0/24)");
        return rules.ToResult();
    }
}
