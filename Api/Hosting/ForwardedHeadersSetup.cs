using System.Globalization;
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

    /// <summary>
    /// How many addresses of <c>X-Forwarded-For</c> are believed, counted from the right: one per proxy of the chain in
    /// front of the service. As written: a bad value must reach the start-up check.
    /// </summary>
    public string? ForwardLimit { get; set; }

    public const int DefaultForwardLimit = 1;

    public const int MaxForwardLimit = 10;

    public bool Any => KnownProxies.Length + KnownNetworks.Length > 0;

    public int ForwardLimitOrDefault =>
        int.TryParse(ForwardLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : DefaultForwardLimit;

    // An array (KnownProxies:0, KnownProxies:1) or one comma-separated value, as an environment variable is easier written.
    public static ForwardedHeadersSettings From(IConfiguration configuration) => new()
    {
        KnownProxies = Values(configuration.GetSection($"{Section}:KnownProxies")),
        KnownNetworks = Values(configuration.GetSection($"{Section}:KnownNetworks")),
        ForwardLimit = configuration[$"{Section}:ForwardLimit"] is { Length: > 0 } limit ? limit.Trim() : null,
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
            settings.ForwardLimit = configured.ForwardLimit;
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: the framework's defaults would trust loopback.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            // As many hops as there are proxies, no more: when readers share a known network (campus Wi-Fi behind the
            // proxy), walking further back would believe whatever the client wrote before its own address.
            forwarded.ForwardLimit = settings.Value.ForwardLimitOrDefault;
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
        if (options.ForwardLimit is { } limit)
            rules.Check($"{ForwardedHeadersSettings.Section}:ForwardLimit",
                int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var hops)
                    && hops is >= 1 and <= ForwardedHeadersSettings.MaxForwardLimit,
                $"must be a whole number between 1 and {ForwardedHeadersSettings.MaxForwardLimit} (the proxies in front of the service)");
        return rules.ToResult();
    }
}
