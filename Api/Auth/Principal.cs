using System.Globalization;
using System.Security.Claims;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Auth;

/// <summary>
/// What an access token says about its holder. The subject is <c>patron:ID</c> or <c>staff:ID</c>; the openid and
/// the PIN are never in a token.
/// </summary>
public static class Principal
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string FamilyClaim = "fam";
    public const string ReaderRole = "reader";

    public static string PatronSubject(long id) => RefreshTokens.PatronSubject(id);

    public static string StaffSubject(long id) => $"staff:{id.ToString(CultureInfo.InvariantCulture)}";

    public static long? PatronId(this ClaimsPrincipal user) => Id(user.FindFirstValue(SubjectClaim), "patron:");

    public static long? StaffId(this ClaimsPrincipal user) => Id(user.FindFirstValue(SubjectClaim), "staff:");

    public static string? Family(this ClaimsPrincipal user) => user.FindFirstValue(FamilyClaim);

    public static long? Id(string? subject, string prefix) =>
        subject is not null && subject.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(subject.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
