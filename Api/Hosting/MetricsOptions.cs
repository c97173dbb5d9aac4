using System.Net;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The <c>Metrics</c> section: the Prometheus scrape endpoint. Off unless enabled; when on, it needs a management
/// <see cref="Port"/> or <see cref="AllowedNetworks"/>, answers only clients in those networks (none listed: this
/// machine, on the management port only), and never a request relayed by a proxy. A proxy on this host that forwards
/// without <c>X-Forwarded-For</c> connects from loopback, so loopback is never enough on the public port.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>A management port the service also listens on (add it to the URLs); the scrape endpoint answers there only.</summary>
    public int? Port { get; set; }

    /// <summary>Addresses or networks (<c>10.0.0.0/8</c>) that may scrape; empty: loopback, on <see cref="Port"/> only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Read before the options are bound, to decide whether anything is measured at all.</summary>
    public static bool EnabledIn(IConfiguration configuration) =>
        bool.TryParse(configuration[$"{Section}:{nameof(Enabled)}"], out var enabled) && enabled;

    public static bool IsPath(string path) =>
        path.StartsWith('/') && path.Length > 1 && !path.Contains("//", StringComparison.Ordinal)
        && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');

    public static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(value, out network);
    }

    public bool Admits(HttpContext context)
    {
        var connection = context.Connection;
        if (Port is { } port && connection.LocalPort != port)
            return false;
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Original-For"))
            return false;
        if (connection.RemoteIpAddress is not { } remote)
            return false;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        // On the public port a proxy on this host relays anyone from loopback (nginx without X-Forwarded-For).
        if (IPAddress.IsLoopback(remote))
            return Port is not null && (AllowedNetworks.Count == 0 || AllowedNetworks.Any(n => Contains(n, remote)));
        return AllowedNetworks.Any(n => Contains(n, remote));
    }

    /// <summary>Whether the network takes in this machine's own addresses, which a local proxy speaks from.</summary>
    public static bool CoversLoopback(string value) =>
        Contains(value, IPAddress.Loopback) || Contains(value, IPAddress.IPv6Loopback);

    private static bool Contains(string value, IPAddress address) =>
        TryParseNetwork(value, out var network) && network.Contains(address);
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var rules = new ConfigurationRules()
            .Check("Metrics:Path", MetricsOptions.IsPath(options.Path), "must be a path such as /metrics")
            .Check("Metrics:Port", options.Port is null or (>= 1 and <= 65535), "must be between 1 and 65535");
        // Neither set, the only way in would be the public port: not served rather than served to whoever reaches it.
        if (options.Enabled)
            rules.Check("Metrics:Enabled", options.Port is not null || options.AllowedNetworks.Count > 0,
                "needs Metrics:Port (a management port) or Metrics:AllowedNetworks (the scrapers' networks)");
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            var key = $"Metrics:AllowedNetworks:{i}";
            if (!MetricsOptions.TryParseNetwork(options.AllowedNetworks[i], out _))
                rules.Check(key, false, "must be an address or a network such as 10.0.0.0/8");
            else if (options.Enabled && options.Port is null)
                rules.Check(key, !MetricsOptions.CoversLoopback(options.AllowedNetworks[i]),
                    "takes in loopback, which a proxy on this host speaks from: scrape this machine through Metrics:Port");
        }
        return rules.ToResult();
    }
}
