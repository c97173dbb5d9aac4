using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;
using WeChatLib.Api.Binding;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Configuration;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Auth;

public static class AuthSetup
{
    public const string ReaderPolicy = "reader";
    public const string AuthRateLimit = "auth";
    public const string RefreshRateLimit = "refresh";
    public const string BindingPagesRateLimit = "binding-pages";

    private static readonly TimeSpan TokenClockSkew = TimeSpan.FromSeconds(30);

    internal static bool WithinLifetime(DateTime utcNow, DateTime? notBefore, DateTime? expires) =>
        expires is { } end && utcNow - TokenClockSkew < end && (notBefore is not { } start || start <= utcNow + TokenClockSkew);

    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ReaderSignIn>();
        services.AddSingleton<DevelopmentSignIn>();
        services.AddOptions<DevelopmentSignInOptions>().Bind(configuration.GetSection(DevelopmentSignInOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DevelopmentSignInOptions>, DevelopmentSignInOptionsValidator>();
        services.AddOptions<AuthRateLimitOptions>().Bind(configuration.GetSection(AuthRateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthRateLimitOptions>, AuthRateLimitOptionsValidator>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, TimeProvider>((bearer, jwt, time) =>
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
                    ClockSkew = TokenClockSkew,
                    // Tokens expire by the clock that issued them: the service's own.
                    LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(time.GetUtcNow().UtcDateTime, notBefore, expires),
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RejectEndedSessions, OnChallenge = AnswerUncheckedSessionsAsUnavailable };
            });

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ReaderPolicy, policy => policy.RequireRole(Principal.ReaderRole));
        foreach (var (capability, roles) in StaffPermissions.Matrix)
            authorization.AddPolicy(StaffPermissions.Policy(capability), policy => policy.RequireRole(roles.Select(r => r.RoleCode())));

        services.AddOptions<RefreshRateLimitOptions>().Bind(configuration.GetSection(RefreshRateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RefreshRateLimitOptions>, RefreshRateLimitOptionsValidator>();
        services.AddOptions<BindingPagesRateLimitOptions>().Bind(configuration.GetSection(BindingPagesRateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BindingPagesRateLimitOptions>, BindingPagesRateLimitOptionsValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return http.Request.Path.StartsWithSegments(BindingPages.Path) ? BindingPages.TooManyRequests(http) : ProblemTypes.Write(http, "too-many-requests", null);
            };
            limiter.AddPolicy(AuthRateLimit, context =>
                PerClient(context, AuthRateLimit, context.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value.PerMinute));
            limiter.AddPolicy(RefreshRateLimit, context =>
                PerClient(context, RefreshRateLimit, context.RequestServices.GetRequiredService<IOptions<RefreshRateLimitOptions>>().Value.PerMinute));
            limiter.AddPolicy(BindingPagesRateLimit, context =>
                PerClient(context, BindingPagesRateLimit, context.RequestServices.GetRequiredService<IOptions<BindingPagesRateLimitOptions>>().Value.PerMinute));
        });
        return services;
    }

    // Per client address (the proxy's client when the proxy is known, see ForwardedHeadersSetup), counted in Redis so
    // that the limit holds however many instances share the load.
    private static RateLimitPartition<string> PerClient(HttpContext context, string policy, int perMinute)
    {
        var services = context.RequestServices;
        return RateLimitPartition.Get($"{policy}:{ClientPartition(context.Connection.RemoteIpAddress)}", key => new RedisWindowLimiter(
            services.GetRequiredService<IDatabase>(), $"rate:{key}", perMinute, TimeSpan.FromMinutes(1),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger<RedisWindowLimiter>()));
    }

    // One IPv6 client usually holds a whole /64 and may change address within it at will: count the /64, not the address.
    private static string ClientPartition(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    // Logout and refresh-token reuse revoke a family; access tokens of that family stop working at once.
    // A deactivated staff account stops at once too (staff requests are few; readers pass the reader gate instead).
    // A session that could not be checked (Redis unreachable or too slow) has not ended: "try again", not "sign in again".
    private static async Task AnswerUncheckedSessionsAsUnavailable(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not { } failure || !RedisOutage.Is(failure))
            return;
        context.HandleResponse();
        await ProblemTypes.WriteUnavailable(context.HttpContext);
    }

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

/// <summary>
/// The <c>RateLimits:Auth</c> section: requests per minute per client address on the sign-in routes and on the binding
/// pages that check a secret (the PIN form, the campus login's return).
/// </summary>
public sealed class AuthRateLimitOptions
{
    public const string Section = "RateLimits:Auth";

    public int PerMinute { get; set; } = 30;
}

/// <summary>
/// The <c>RateLimits:Refresh</c> section: refreshes per minute per client address. Higher than sign-in's: every open
/// H5 page refreshes, and many readers may share a campus address.
/// </summary>
public sealed class RefreshRateLimitOptions
{
    public const string Section = "RateLimits:Refresh";

    public int PerMinute { get; set; } = 120;
}

internal sealed class RefreshRateLimitOptionsValidator : IValidateOptions<RefreshRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RefreshRateLimitOptions options) =>
        new ConfigurationRules().Check("RateLimits:Refresh:PerMinute", options.PerMinute >= 1, "must be at least 1").ToResult();
}
