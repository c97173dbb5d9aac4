using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Auth;

internal sealed class BindingPagesRateLimitOptionsValidator : IValidateOptions<BindingPagesRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, BindingPagesRateLimitOptions o) =>
        new ConfigurationRules()
            .Check($"{BindingPagesRateLimitOptions.Section}:PerMinute", o.PerMinute >= 1, "must be at least 1")
            .ToResult();
}
