using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Auth;

/// <summary>Short-lived JWT access tokens and the refresh tokens that renew them.</summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, RefreshTokens refreshTokens, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    private JwtOptions Jwt => options.Value;

    public static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey));

    public async Task<TokenResponse> IssueAsync(string subject, IEnumerable<string> roles, string? family = null)
    {
        var refresh = await refreshTokens.IssueAsync(subject, family);
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(Jwt.AccessTokenMinutes);
        var claims = new List<Claim>
        {
            new(Principal.SubjectClaim, subject),
            new(Principal.FamilyClaim, refresh.Family),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(role => new Claim(Principal.RoleClaim, role)));
        var accessToken = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Jwt.Issuer,
            Audience = Jwt.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(Jwt), SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(accessToken, "Bearer", Jwt.AccessTokenMinutes * 60, refresh.Token);
    }
}

/// <summary>Tokens for the H5 pages and staff tools.</summary>
/// <param name="AccessToken">JWT for the <c>Authorization: Bearer</c> header.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
/// <param name="RefreshToken">Single-use token for <c>POST /api/v1/auth/refresh</c>.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);
