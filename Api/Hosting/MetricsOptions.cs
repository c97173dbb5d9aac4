using System.Net;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The <c>Metrics</c> section: the Prometheus scrape endpoint. Off unless enabled; when on, it answers only clients in
/// <see cref="AllowedNetworks"/> (none listed: this machine only), only on <see cref="Port"/> when one is set, and
/// never a request relayed by a proxy, so that the public way in cannot reach it.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>A management port the service also listens on (add it to the URLs); the scrape endpoint answers there only.</summary>
    public int? Port { get; set; }

    /// <summary>Addresses or networks (<c>10.0.0.0/8</c>) that may scrape; empty: loopback only.</summary>
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
        if (AllowedNetworks.Count == 0)
            return IPAddress.IsLoopback(remote);
        return AllowedNetworks.Any(n => TryParseNetwork(n, out var network) && network.Contains(remote));
    }
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var rules = new ConfigurationRules()
            .Check("Metrics:Path", MetricsOptions.IsPath(options.Path), "must be a path such as /metrics")
            .Check("Metrics:Port", options.Port is null or (>= 1 and <= 65535), "must be between 1 and 65535");
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
            rules.Check($"Metrics:AllowedNetworks:{i}", MetricsOptions.TryParseNetwork(options.AllowedNetworks[i], out _),
                "must be an address or a network such as 10.0.0.0/8");
        return rules.ToResult();
    }
}
