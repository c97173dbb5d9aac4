using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Security;

/// <summary>PINs are short: only a slow hash keeps a stolen table from giving them all up.</summary>
internal sealed class PasswordHasherOptionsValidator : IValidateOptions<PasswordHasherOptions>
{
    public ValidateOptionsResult Validate(string? name, PasswordHasherOptions o) =>
        new ConfigurationRules()
            .Check("PasswordHasher:IterationCount", o.IterationCount >= 10_000, "must be at least 10000")
            .ToResult();
}
