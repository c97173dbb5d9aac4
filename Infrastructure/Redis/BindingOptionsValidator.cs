using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Redis;

internal sealed class BindingOptionsValidator : IValidateOptions<BindingOptions>
{
    public ValidateOptionsResult Validate(string? name, BindingOptions o) =>
        new ConfigurationRules()
            .Check("Binding:MaxPinAttempts", o.MaxPinAttempts is >= 1 and <= 100, "must be between 1 and 100")
            .Check("Binding:PinLockoutMinutes", o.PinLockoutMinutes is >= 1 and <= 1440, "must be between 1 and 1440")
            .ToResult();
}
