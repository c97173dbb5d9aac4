using System.Text.RegularExpressions;

namespace WeChatLib.Infrastructure.Configuration;

/// <summary>
/// Collects configuration failures, each naming its full key (e.g. <c>WeChat:Token</c>), so that a bad deployment
/// stops at start-up with a line an operator can act on.
/// </summary>
public sealed partial class ConfigurationRules
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public ConfigurationRules Require(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            _failures.Add($"{key} is required.");
        return this;
    }

    public ConfigurationRules Check(string key, bool valid, string expectation)
    {
        if (!valid)
            _failures.Add($"{key} {expectation}.");
        return this;
    }

    public ConfigurationRules RequireAbsoluteUrl(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Require(key, value);
        var valid = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        return Check(key, valid, "must be an absolute http(s) URL");
    }

    /// <summary>
    /// The failure for a value the configuration binder could not convert (<c>BatchSize=many</c>), naming the key and
    /// what it must be but never the value, which could be a secret put in the wrong place.
    /// </summary>
    public static string? Unconvertible(InvalidOperationException e)
    {
        if (UnconvertibleValue().Match(e.Message) is not { Success: true } match)
            return null;
        var expectation = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" => "must be a whole number",
            "System.Boolean" => "must be true or false",
            var type => $"must be a value of type {type}",
        };
        return $"{match.Groups["key"].Value} {expectation}.";
    }

    [GeneratedRegex("^Failed to convert configuration value .* at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex UnconvertibleValue();

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
