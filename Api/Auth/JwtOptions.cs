using System.Text;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Auth;

/// <summary>The <c>Jwt</c> section: how access tokens for H5 pages and staff tools are signed.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>HMAC-SHA256 key; at least 32 bytes, as the algorithm needs 256 bits.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "";

    public int AccessTokenMinutes { get; set; } = 15;
}

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
        new ConfigurationRules()
            .Require("Jwt:SigningKey", options.SigningKey)
            .Check("Jwt:SigningKey", options.SigningKey.Length == 0 || Encoding.UTF8.GetByteCount(options.SigningKey) >= 32, "must be at least 32 bytes")
            .Require("Jwt:Issuer", options.Issuer)
            .Check("Jwt:AccessTokenMinutes", options.AccessTokenMinutes is >= 1 and <= 60, "must be between 1 and 60")
            .ToResult();
}
