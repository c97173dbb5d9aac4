namespace WeChatLib.Api.Hosting;

/// <summary>
/// What the service shows about itself beyond its API: the OpenAPI document with Swagger UI (<c>OpenApi:Enabled</c>)
/// and each readiness check's details (<c>Health:Detailed</c>). Unset, both are on except in Production, where they
/// would show anyone the API's whole shape and the state of its dependencies.
/// </summary>
public static class Disclosure
{
    public static bool ServesOpenApi(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("OpenApi:Enabled") ?? !environment.IsProduction();

    public static bool ShowsHealthDetails(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Health:Detailed") ?? !environment.IsProduction();
}
