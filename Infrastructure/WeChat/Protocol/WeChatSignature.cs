using System.Security.Cryptography;
using System.Text;

namespace WeChatLib.Infrastructure.WeChat.Protocol;

/// <summary>
/// WeChat's signatures: SHA-1 over the parts sorted in ordinal order (never culture order) and concatenated, as UTF-8,
/// in lower-case hex. Compared in constant time.
/// </summary>
public static class WeChatSignature
{
    // SHA-1 is WeChat's choice, not ours: the protocol fixes it.
#pragma warning disable CA5350
    public static string Compute(params string[] parts)
    {
        var sorted = parts.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }
#pragma warning restore CA5350

    public static bool Matches(string? signature, params string[] parts) =>
        signature is { Length: 40 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(parts)), Encoding.ASCII.GetBytes(signature));
}
