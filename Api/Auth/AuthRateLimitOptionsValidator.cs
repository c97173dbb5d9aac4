using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Auth;

internal sealed class AuthRateLimitOptionsValidator : IValidateOptions<AuthRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthRateLimitOptions o) =>
        new ConfigurationRules()
            .Check("RateLimits:Auth:PerMinute", o.PerMinute >= 1, "must be at least 1")
            .ToResult();
}
