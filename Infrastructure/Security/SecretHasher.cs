using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;

namespace WeChatLib.Infrastructure.Security;

/// <summary>The framework's PBKDF2 password hasher (HMAC-SHA512, salted, self-describing format).</summary>
internal sealed class SecretHasher(IOptions<PasswordHasherOptions> options) : ISecretHasher
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> _hasher = new(options);

    public string Hash(string secret) => _hasher.HashPassword(Subject, secret);

    public bool Verify(string hash, string secret)
    {
        try
        {
            return _hasher.VerifyHashedPassword(Subject, hash, secret) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
