using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>The <c>StaffSignIn</c> section: the lockout of a staff username after failed passwords.</summary>
public sealed class StaffSignInOptions
{
    public const string Section = "StaffSignIn";

    /// <summary>Failed passwords allowed per username within <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailures { get; set; } = 10;

    /// <summary>The window counted from the first failure, and the lockout.</summary>
    public int LockoutMinutes { get; set; } = 15;
}

internal sealed class StaffSignInOptionsValidator : IValidateOptions<StaffSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffSignInOptions options) =>
        new ConfigurationRules()
            .Check("StaffSignIn:MaxFailures", options.MaxFailures is >= 1 and <= 1000, "must be between 1 and 1000")
            .Check("StaffSignIn:LockoutMinutes", options.LockoutMinutes is >= 1 and <= 1440, "must be between 1 and 1440")
            .ToResult();
}
