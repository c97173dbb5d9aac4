using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Auth;

public static class AuthSetup
{
    public const string ReaderPolicy = "reader";
    public const string AuthRateLimit = "auth";

    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TokenIssuer>();
        services.AddOptions<AuthRateLimitOptions>().Bind(configuration.GetSection(AuthRateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthRateLimitOptions>, AuthRateLimitOptionsValidator>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Issuer,
                    IssuerSigningKey = TokenIssuer.SigningKey(jwt.Value),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = Principal.SubjectClaim,
                    RoleClaimType = Principal.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RejectEndedSessions };
            });

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ReaderPolicy, policy => policy.RequireRole(Principal.ReaderRole));
        foreach (var (capability, roles) in StaffPermissions.Matrix)
            authorization.AddPolicy(StaffPermissions.Policy(capability), policy => policy.RequireRole(roles.Select(r => r.RoleCode())));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => ProblemTypes.Write(context.HttpContext, "too-many-requests", null);
            limiter.AddPolicy(AuthRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value.PerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
            });
        });
        return services;
    }

    // Logout and refresh-token reuse revoke a family; access tokens of that family stop working at once.
    // A deactivated staff account stops at once too (staff requests are few; readers pass the reader gate instead).
    private static async Task RejectEndedSessions(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var family = context.Principal?.Family();
        if (family is null || !await services.GetRequiredService<RefreshTokens>().IsFamilyActiveAsync(family))
        {
            context.Fail("The session has ended.");
            return;
        }
        if (context.Principal!.StaffId() is { } staffId
            && await services.GetRequiredService<IStaffStore>().FindAsync(staffId, context.HttpContext.RequestAborted) is not { Active: true })
            context.Fail("The staff account is inactive.");
    }
}

/// <summary>The <c>RateLimits:Auth</c> section: requests per minute per client address on the sign-in routes.</summary>
public sealed class AuthRateLimitOptions
{
    public const string Section = "RateLimits:Auth";

    public int PerMinute { get; set; } = 30;
}
