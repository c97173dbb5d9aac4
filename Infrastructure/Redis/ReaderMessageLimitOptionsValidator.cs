using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Redis;

internal sealed class ReaderMessageLimitOptionsValidator : IValidateOptions<ReaderMessageLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, ReaderMessageLimitOptions o) =>
        new ConfigurationRules()
            .Check("RateLimits:ReaderMessages:PerMinute", o.PerMinute >= 1, "must be at least 1")
            .ToResult();
}
