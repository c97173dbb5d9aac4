using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Random bearer secrets (refresh tokens, binding tickets) and the hashes they are stored under, so that reading
/// Redis never yields a usable token.
/// </summary>
internal static class OpaqueTokens
{
    public static string New(int bytes = 32) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
