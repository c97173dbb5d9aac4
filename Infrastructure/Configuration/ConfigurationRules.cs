namespace WeChatLib.Infrastructure.Configuration;

/// <summary>
/// Collects configuration failures, each naming its full key (e.g. <c>WeChat:Token</c>), so that a bad deployment
/// stops at start-up with a line an operator can act on.
/// </summary>
public sealed class ConfigurationRules
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

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
