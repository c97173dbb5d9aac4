using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Redis;

internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions o) =>
        new ConfigurationRules()
            .Check("Redis:ConnectTimeoutMilliseconds", o.ConnectTimeoutMilliseconds is >= 100 and <= 30_000, "must be between 100 and 30000")
            .Check("Redis:OperationTimeoutMilliseconds", o.OperationTimeoutMilliseconds is >= 50 and <= 3000,
                "must be between 50 and 3000 (a webhook answers within WeChat's 5 seconds)")
            .ToResult();
}
