using Microsoft.Extensions.Options;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Auth;

/// <summary>
/// The <c>DevelopmentSignIn</c> section. Outside WeChat's browser there is no WeChat sign-in, so in development the H5
/// pages offer one by card number: a bound reader's session, started as WeChat's sign-in starts it (tied to the binding
/// and the standing). On by default in Development only, and refused in any environment but Development and Testing: a
/// staging server switched on by mistake would let anyone who knows a card number be that reader.
/// </summary>
public sealed class DevelopmentSignInOptions
{
    public const string Section = "DevelopmentSignIn";

    public bool? Enabled { get; set; }

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>($"{Section}:Enabled") ?? environment.IsDevelopment();
}

internal sealed class DevelopmentSignInOptionsValidator(IHostEnvironment environment) : IValidateOptions<DevelopmentSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, DevelopmentSignInOptions o) =>
        new ConfigurationRules()
            .Check($"{DevelopmentSignInOptions.Section}:Enabled", o.Enabled != true || environment.IsDevelopment() || environment.IsEnvironment("Testing"),
                "may be true only in Development (or Testing)")
            .ToResult();
}

/// <summary>Signs a bound reader in by card number alone: development only (see <see cref="DevelopmentSignInOptions"/>).</summary>
public sealed class DevelopmentSignIn(IPatronStore patrons, IBindingStore bindings, ReaderSignIn readers)
{
    /// <summary>Tokens, or null when no bound reader has this card.</summary>
    public async Task<TokenResponse?> HandleAsync(string cardNumber, CancellationToken cancellationToken)
    {
        if (await patrons.FindByCardAsync(cardNumber.Trim(), cancellationToken) is not { } patron
            || await bindings.FindByPatronAsync(patron.Id, cancellationToken) is not { } binding)
            return null;
        return await readers.StartAsync(patron, binding.OpenId, cancellationToken);
    }
}
